package io.driftwatch.jobs.local;

import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.CommandLineArgs;
import io.driftwatch.jobs.config.ConfigException;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.Durations;
import io.driftwatch.jobs.loadgen.KafkaOtlpWriter;
import io.driftwatch.jobs.loadgen.LoadGenerator;
import io.driftwatch.jobs.loadgen.LoadScenario;
import io.driftwatch.jobs.loadgen.Scenario;
import io.driftwatch.jobs.loadgen.SimulatedModel;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.LoggerFactory;

/**
 * {@code ./driftwatch.sh demo}: the confidence job on an embedded stack. Starts a real Kafka broker
 * in-process, VictoriaMetrics from Debian's package, replays synthetic OTLP traffic into Kafka with
 * the load generator, runs the job on a Flink MiniCluster until it has read everything, then
 * prints a report read back from VictoriaMetrics and where to look further. Everything it started
 * is stopped on exit, Ctrl-C included.
 */
public final class LocalRunner {

    private static final PrintStream OUT = System.out;
    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";
    static final String SPANS_TOPIC = "otlp_spans";

    private LocalRunner() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException | ConfigException e) {
            System.err.println("driftwatch demo: " + e.getMessage() + "\n\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            OUT.println(Options.USAGE);
            return;
        }
        List<AutoCloseable> started = new ArrayList<>();
        Thread cleanup = new Thread(() -> closeAll(started), "driftwatch-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            run(options, started);
        } catch (Exception e) {
            LoggerFactory.getLogger(LocalRunner.class).error("demo failed", e);
            String message = String.valueOf(e.getMessage());
            System.err.println("\ndriftwatch demo: failed: " + message);
            if (message.contains("address already in use")) {
                System.err.println("driftwatch demo: port " + options.vmPort
                        + " is taken (another VictoriaMetrics?): stop it, or pass --vm-port 0 for any free port");
            }
            System.err.println("driftwatch demo: details in the log (-Ddriftwatch.log.file, by default jobs/target/driftwatch-demo.log)");
            closeAll(started);
            System.exit(1);
        } finally {
            closeAll(started);
        }
    }

    private static void run(Options options, List<AutoCloseable> started) throws Exception {
        phase(1, "starting Kafka 4.x in-process (KRaft, one broker)");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        started.add(kafka);
        kafka.createTopics(3, PROTO_TOPIC);
        kafka.createTopics(3, JSON_TOPIC);
        kafka.createTopics(3, SPANS_TOPIC);
        kafka.createTopics(1, "driftwatch.dead-letters", "driftwatch.remote-write.dead-letters");
        OUT.println("      bootstrap servers " + kafka.bootstrapServers());

        phase(2, "starting VictoriaMetrics (" + VictoriaMetricsServer.DEFAULT_BINARY + ")");
        VictoriaMetricsServer vm = VictoriaMetricsServer.builder().port(options.vmPort).start();
        started.add(0, vm);
        OUT.println("      listening on " + vm.baseUrl());

        LoadScenario scenario = LoadScenario.builder()
                .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(options.days.plusDays(1)))
                .length(options.days)
                .exportInterval(options.exportInterval)
                .meanInferencesPerInterval(options.inferences)
                .options(Scenario.ALL)
                .build();
        phase(3, "replaying " + Durations.format(options.days) + " of OTLP traffic from " + scenario.models().size()
                + " model versions (export every " + Durations.format(options.exportInterval) + ")");
        for (SimulatedModel m : scenario.models()) {
            OUT.printf("      %-16s %-5s %-22s %-11s %s%s%s%s%s%n", m.modelName(), m.modelVersion(), m.useCase(),
                    m.environment(), m.encoding(),
                    m.dropAt() == null ? "" : ", confidence drops " + m.dropAt(),
                    m.featureShiftAt() == null ? "" : ", inputs drift " + m.featureShiftAt(),
                    m.restartAt() == null ? "" : ", restarts " + m.restartAt(),
                    m.volume() == 1 ? "" : String.format(", %.0f%% of a model's traffic at %.1f s per inference",
                            100 * m.volume(), m.durationMedianMs() / 1000));
        }
        long dayRounds = Duration.ofDays(1).toMillis() / options.exportInterval.toMillis();
        long t0 = System.nanoTime();
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(kafka.bootstrapServers(),
                Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC));
                KafkaOtlpWriter spans = new KafkaOtlpWriter(kafka.bootstrapServers(),
                        Map.of("otlp_proto", SPANS_TOPIC, "otlp_json", SPANS_TOPIC))) {
            boolean terminal = System.console() != null;
            LoadGenerator.replay(scenario, writer, spans, (rounds, total) -> {
                long day = rounds / dayRounds;
                if (rounds % dayRounds == 0 && (terminal || day % 7 == 0 || rounds + dayRounds > total)) {
                    OUT.printf(terminal ? "\r      day %d of %d replayed" : "      day %d of %d replayed%n",
                            day, total / dayRounds);
                    OUT.flush();
                }
            });
            writer.sendRaw(PROTO_TOPIC, "demo-garbage".getBytes(StandardCharsets.UTF_8),
                    new byte[] {0x0a, 0x7f, 0x01}, scenario.start().toEpochMilli());
            writer.flush();
            spans.flush();
            OUT.printf("%s      %,d metrics records (%,d bytes) and %,d span records in %.1f s%n", terminal ? "\n" : "",
                    writer.records(), writer.bytes(), spans.records(), (System.nanoTime() - t0) / 1e9);
        }

        phase(4, "running the confidence job on a Flink MiniCluster until it has read everything");
        List<String> overrides = new ArrayList<>(options.overrides);
        overrides.addAll(List.of(
                "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "kafka.inputs[0].topic=" + PROTO_TOPIC,
                "kafka.inputs[0].encoding=otlp_proto",
                "kafka.inputs[1].topic=" + JSON_TOPIC,
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.bounded=true",
                "remote-write.url=" + vm.writeUrl()));
        DriftwatchConfig config = DriftwatchConfig.load(options.configFile, overrides);
        Configuration flink = DriftwatchJob.flinkConfiguration(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        DriftwatchJob.build(env, config);
        t0 = System.nanoTime();
        env.execute(config.jobName());
        OUT.printf("      done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        vm.flush();

        phase(5, "report, read back from VictoriaMetrics");
        DemoReport.print(OUT, vm, kafka, scenario, config);

        if (options.noWait) {
            return;
        }
        OUT.println("\nVictoriaMetrics keeps serving at " + vm.baseUrl() + " — press Ctrl-C to stop everything.");
        new CountDownLatch(1).await();
    }

    private static void phase(int n, String what) {
        OUT.printf("[%d/5] %s%n", n, what);
    }

    private static void closeAll(List<AutoCloseable> started) {
        synchronized (started) {
            for (AutoCloseable c : started) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("driftwatch demo: could not stop " + c + ": " + e);
                }
            }
            started.clear();
        }
    }

    /** Command-line options of the demo. */
    static final class Options {
        static final String USAGE = String.join("\n",
                "usage: ./driftwatch.sh demo [options]",
                "  --days DURATION             event time to replay (default 35d)",
                "  --export-interval DURATION  the simulated SDKs' export interval (default 5m)",
                "  --inferences N              mean inferences per model and export interval (default 40)",
                "  --vm-port PORT              VictoriaMetrics port (default 8428; 0 = any free port)",
                "  --no-wait                   exit after the report instead of serving until Ctrl-C",
                "  --config FILE, --set KEY=VALUE   job configuration, as for the job itself",
                "  --help                      this text");

        Duration days = Duration.ofDays(35);
        Duration exportInterval = Duration.ofMinutes(5);
        int inferences = 40;
        int vmPort = 8428;
        boolean noWait;
        boolean help;
        java.nio.file.Path configFile;
        List<String> overrides = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> jobArgs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--days" -> o.days = Durations.parse(value(args, ++i, "--days"));
                    case "--export-interval" -> o.exportInterval = Durations.parse(value(args, ++i, "--export-interval"));
                    case "--inferences" -> o.inferences = Integer.parseInt(value(args, ++i, "--inferences"));
                    case "--vm-port" -> o.vmPort = Integer.parseInt(value(args, ++i, "--vm-port"));
                    case "--no-wait" -> o.noWait = true;
                    case "--help", "-h" -> o.help = true;
                    default -> jobArgs.add(args[i]);
                }
            }
            CommandLineArgs cli = CommandLineArgs.parse(jobArgs.toArray(String[]::new));
            o.configFile = cli.configFile();
            o.overrides.addAll(cli.overrides());
            o.help |= cli.help();
            return o;
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }
    }
}
