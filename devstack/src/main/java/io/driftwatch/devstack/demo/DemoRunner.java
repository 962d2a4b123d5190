package io.driftwatch.devstack.demo;

import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.cli.Converters;
import io.driftwatch.devstack.loadgen.CollectorRemoteWrite;
import io.driftwatch.devstack.loadgen.ConfidenceTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.OtlpRecordSink;
import io.driftwatch.devstack.loadgen.Scenario;
import io.driftwatch.devstack.loadgen.SimulatedModel;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.LocalFiles;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.drift.cli.CommandLines;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.ConfigException;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./driftwatch.sh demo}: every analysis (confidence, feature drift with span features, cost
 * with {@value #DEFAULT_CATALOG}) on an embedded stack. Starts a real Kafka broker in-process,
 * VictoriaMetrics from Debian's package, replays the load generator's combined scenario (confidence
 * drop, feature shift, cost hotspot, restart; metrics and sampled spans) into Kafka, runs the job on
 * a Flink MiniCluster until it has read everything, then prints a report read back from
 * VictoriaMetrics and Kafka ({@link DemoReport}) and where to look further, writes the HTML page
 * ({@link HtmlReport}), and replays the field report's own recording rules with vmalert to print them
 * beside Driftwatch's and the exact drift ratio ({@link FieldReportReplay}). Everything it started is
 * stopped on exit, Ctrl-C included.
 */
public final class DemoRunner {

    private static final PrintStream OUT = System.out;
    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";
    static final String SPANS_TOPIC = "otlp_spans";
    static final String SPANS_JSON_TOPIC = "otlp_spans_json";
    static final String EVENTS_TOPIC = "ml.drift.events";
    /** The price catalog the demo's cost analysis uses, relative to the repository root. */
    static final String DEFAULT_CATALOG = "deploy/cost/prices.yaml";
    /** The load generator's confidence histogram, whose raw series the demo also writes. */
    static final String CONFIDENCE_METRIC = "ml.inference.confidence";

    private DemoRunner() {}

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line that {@link #main} executes, printing help to {@code out} and errors to {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Commands.create(new Options(), out, err);
    }

    /** Runs the demo as {@code ./driftwatch.sh demo} does: its exit code; everything it started is stopped. */
    private static int runMain(Options options) {
        List<AutoCloseable> started = new ArrayList<>();
        Thread cleanup = new Thread(() -> closeAll(started), "driftwatch-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            run(options, started, OUT);
            return 0;
        } catch (Exception e) {
            LoggerFactory.getLogger(DemoRunner.class).error("demo failed", e);
            String message = String.valueOf(e.getMessage());
            System.err.println("\ndriftwatch demo: failed: " + message);
            if (message.contains("address already in use")) {
                System.err.println("driftwatch demo: port " + options.vmPort
                        + " is taken (another VictoriaMetrics?): stop it, or pass --vm-port 0 for any free port");
            }
            System.err.println(
                    "driftwatch demo: details in the log (-Ddriftwatch.log.file, by default devstack/target/driftwatch-demo.log)");
            return 1;
        } finally {
            closeAll(started);
        }
    }

    /**
     * Runs the demo into {@code out}: starts what it needs (adding each to {@code started}, for the
     * caller to close), replays, runs the job, prints the report and returns its findings; unless
     * {@code --no-wait}, then serves until interrupted.
     */
    static DemoReport.Findings run(Options options, List<AutoCloseable> started, PrintStream out) throws Exception {
        phase(out, 1, "starting Kafka 4.x in-process (KRaft, one broker)");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        started.add(kafka);
        kafka.createTopics(3, PROTO_TOPIC, JSON_TOPIC, SPANS_TOPIC, SPANS_JSON_TOPIC);
        kafka.createTopics(1, "driftwatch.dead-letters", "driftwatch.remote-write.dead-letters", EVENTS_TOPIC);
        out.println("      bootstrap servers " + kafka.bootstrapServers());

        phase(out, 2, "starting VictoriaMetrics (" + VictoriaMetricsServer.DEFAULT_BINARY + ")");
        VictoriaMetricsServer vm =
                VictoriaMetricsServer.builder().port(options.vmPort).start();
        started.add(0, vm);
        out.println("      listening on " + vm.baseUrl());

        // The feature-drift state outgrows the MiniCluster's default in-memory checkpoints (5 MB): a
        // failed checkpoint would fail and restart the job. Checkpoints go to a temporary directory.
        Path checkpoints = Files.createTempDirectory("driftwatch-demo-checkpoints");
        started.add(new AutoCloseable() {
            @Override
            public void close() {
                LocalFiles.deleteRecursively(checkpoints);
            }

            @Override
            public String toString() {
                return "checkpoint directory " + checkpoints;
            }
        });

        LoadScenario scenario = scenario(options, Instant.now());
        phase(
                out,
                3,
                "replaying " + Durations.format(options.days) + " of OTLP traffic from "
                        + scenario.models().size()
                        + " model versions (export every " + Durations.format(options.exportInterval) + ", "
                        + Math.round(100 * scenario.spanSampleRatio()) + " % of the inferences traced)");
        for (SimulatedModel m : scenario.models()) {
            out.printf(
                    "      %-16s %-5s %-22s %-11s %s%s%s%s%s%n",
                    m.modelName(),
                    m.modelVersion(),
                    m.useCase(),
                    m.environment(),
                    m.encoding(),
                    m.dropAt() == null ? "" : ", confidence drops " + m.dropAt(),
                    m.featureShiftAt() == null ? "" : ", inputs drift " + m.featureShiftAt(),
                    m.restartAt() == null ? "" : ", restarts " + m.restartAt(),
                    m.volume() == 1
                            ? ""
                            : String.format(
                                    ", %.0f%% of a model's traffic at %.1f s per inference (cost hotspot)",
                                    100 * m.volume(), m.durationMedianMs() / 1000));
        }
        long dayRounds = Duration.ofDays(1).toMillis() / options.exportInterval.toMillis();
        long t0 = System.nanoTime();
        ConfidenceTruth truth;
        boolean terminal = System.console() != null && out == System.out;
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(
                        kafka.bootstrapServers(), Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC));
                KafkaOtlpWriter spans = new KafkaOtlpWriter(
                        kafka.bootstrapServers(), Map.of("otlp_proto", SPANS_TOPIC, "otlp_json", SPANS_JSON_TOPIC))) {
            // The raw confidence series that the collector's prometheusremotewrite exporter would write,
            // for the field report's recording rules that the HTML report draws beside Driftwatch's.
            CollectorRemoteWrite collector = new CollectorRemoteWrite(CONFIDENCE_METRIC::equals);
            OtlpRecordSink metrics = (encoding, key, value, t) -> {
                writer.send(encoding, key, value, t);
                collector.add(encoding, value);
                if (collector.pending() > 8_000_000) {
                    writeRaw(collector, vm);
                }
            };
            truth = LoadGenerator.replay(scenario, metrics, spans, (rounds, total) -> {
                long day = rounds / dayRounds;
                if (rounds % dayRounds == 0 && (terminal || day % 7 == 0 || rounds + dayRounds > total)) {
                    out.printf(
                            terminal ? "\r      day %d of %d replayed" : "      day %d of %d replayed%n",
                            day,
                            total / dayRounds);
                    out.flush();
                }
            });
            writer.sendRaw(
                    PROTO_TOPIC,
                    "demo-garbage".getBytes(StandardCharsets.UTF_8),
                    new byte[] {0x0a, 0x7f, 0x01},
                    scenario.start().toEpochMilli());
            writer.flush();
            spans.flush();
            writeRaw(collector, vm);
            out.printf(
                    "%s      %,d metrics records (%,d bytes) and %,d span records in %.1f s%n",
                    terminal ? "\n" : "",
                    writer.records(),
                    writer.bytes(),
                    spans.records(),
                    (System.nanoTime() - t0) / 1e9);
            out.println("      and the raw ml_inference_confidence_* series into VictoriaMetrics,"
                    + " as the collector's prometheusremotewrite exporter would write them");
        }

        phase(
                out,
                4,
                "running the confidence, feature-drift and cost analyses on a Flink MiniCluster until they have read everything");
        List<String> overrides = jobOverrides(options, kafka.bootstrapServers(), checkpoints.toUri(), vm.writeUrl());
        DriftwatchConfig config = DriftwatchConfig.load(options.configFile, overrides);
        Configuration flink = DriftwatchJob.flinkConfiguration(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        DriftwatchJob.build(env, config);
        t0 = System.nanoTime();
        try (EventTimeProgress progress = EventTimeProgress.start(vm, scenario, out)) {
            env.execute(config.jobName());
        }
        out.printf("      done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        vm.flush();

        phase(out, 5, "report, read back from VictoriaMetrics and Kafka");
        DemoReport.Findings findings = DemoReport.print(out, vm, kafka, scenario, config);
        Path html = HtmlReport.write(options.html, vm, scenario, config);
        // After the report and the page: they read every ml:confidence:* series, and vmalert adds its own.
        findings = findings.withFieldReport(FieldReportReplay.print(out, vm, scenario, truth, config));
        out.println("\nA picture of the demo (one HTML file, no network needed): "
                + html.toAbsolutePath().toUri());

        if (!options.noWait) {
            out.println("\nVictoriaMetrics keeps serving at " + vm.baseUrl() + " — press Ctrl-C to stop everything.");
            new CountDownLatch(1).await();
        }
        return findings;
    }

    /** The scenario the demo replays when run at {@code now}: it ends at yesterday's midnight UTC. */
    static LoadScenario scenario(Options options, Instant now) {
        return LoadScenario.builder()
                .start(now.truncatedTo(ChronoUnit.DAYS).minus(options.days.plusDays(1)))
                .length(options.days)
                .exportInterval(options.exportInterval)
                .meanInferencesPerInterval(options.inferences)
                .changesAfter(options.baseline)
                .options(Scenario.ALL)
                .build();
    }

    private static void writeRaw(CollectorRemoteWrite collector, VictoriaMetricsServer vm) {
        try {
            collector.writeTo(vm.baseUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the raw series", e);
        }
    }

    /** The demo's analyses first, then the user's --config/--set, then what the embedded stack fixes. */
    static List<String> jobOverrides(Options options, String bootstrapServers, URI checkpoints, URI writeUrl) {
        List<String> overrides = new ArrayList<>(List.of(
                "confidence.baseline.period=" + Durations.format(options.baseline),
                "drift.baseline.period=" + Durations.format(options.baseline),
                "cost.enabled=true",
                "cost.catalog-file=" + DEFAULT_CATALOG));
        overrides.addAll(options.overrides);
        overrides.addAll(List.of(
                "kafka.bootstrap-servers=" + bootstrapServers,
                "kafka.inputs[0].topic=" + PROTO_TOPIC,
                "kafka.inputs[0].encoding=otlp_proto",
                "kafka.inputs[1].topic=" + JSON_TOPIC,
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.bounded=true",
                "drift.spans.enabled=true",
                "drift.spans.inputs[0].topic=" + SPANS_TOPIC,
                "drift.spans.inputs[0].encoding=otlp_proto",
                "drift.spans.inputs[1].topic=" + SPANS_JSON_TOPIC,
                "drift.spans.inputs[1].encoding=otlp_json",
                "output.events-topic=" + EVENTS_TOPIC,
                "flink.checkpoint-dir=" + checkpoints,
                "remote-write.url=" + writeUrl));
        return overrides;
    }

    private static void phase(PrintStream out, int n, String what) {
        out.printf("[%d/5] %s%n", n, what);
    }

    /**
     * While the job runs, prints every 10 s how far its event time has come: the newest hourly
     * confidence evaluation in VictoriaMetrics, as a day of the scenario.
     */
    private static final class EventTimeProgress implements AutoCloseable {
        private final Thread thread;

        private EventTimeProgress(Thread thread) {
            this.thread = thread;
        }

        static EventTimeProgress start(VictoriaMetricsServer vm, LoadScenario scenario, PrintStream out) {
            long days = scenario.length().toDays();
            String query = "max(tlast_over_time(ml:confidence:current_count[" + (days + 2) + "d]))";
            Thread t = new Thread(
                    () -> {
                        long last = -1;
                        try {
                            while (!Thread.currentThread().isInterrupted()) {
                                Thread.sleep(10_000);
                                var series = vm.query(query, Instant.now()).series();
                                if (!series.isEmpty() && !series.get(0).points().isEmpty()) {
                                    long newest = (long)
                                            (series.get(0).points().get(0).value() * 1000);
                                    long day = Duration.ofMillis(
                                                    newest - scenario.start().toEpochMilli())
                                            .toDays();
                                    if (day != last) {
                                        out.printf("      event time at day %d of %d%n", day, days);
                                        last = day;
                                    }
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (Exception e) {
                            // Progress is a courtesy: a failed query must not fail the demo.
                            LoggerFactory.getLogger(DemoRunner.class).debug("progress query failed", e);
                        }
                    },
                    "driftwatch-demo-progress");
            t.setDaemon(true);
            t.start();
            return new EventTimeProgress(t);
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    static void closeAll(List<AutoCloseable> started) {
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

    /** Command-line options of the demo; {@link #call} runs it. */
    @Command(
            name = "./driftwatch.sh demo",
            description = "Every analysis (confidence, feature drift with span features, cost) on an embedded stack:"
                    + " in-process Kafka, VictoriaMetrics, a Flink MiniCluster; replays the load generator's combined"
                    + " scenario, runs the job until it has read everything, then prints a report.",
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n")
    static final class Options implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--days",
                paramLabel = "DURATION",
                defaultValue = "35d",
                converter = Converters.PositiveDuration.class,
                description = "Event time to replay (default: ${DEFAULT-VALUE}).")
        Duration days;

        @Option(
                names = "--export-interval",
                paramLabel = "DURATION",
                defaultValue = "5m",
                converter = Converters.PositiveDuration.class,
                description = "The simulated SDKs' export interval (default: ${DEFAULT-VALUE}).")
        Duration exportInterval;

        @Option(
                names = "--inferences",
                paramLabel = "N",
                defaultValue = "40",
                converter = Converters.PositiveInt.class,
                description = "Mean inferences per model and export interval (default: ${DEFAULT-VALUE}).")
        int inferences;

        @Option(
                names = "--baseline",
                paramLabel = "DURATION",
                defaultValue = "30d",
                converter = Converters.PositiveDuration.class,
                description = "The confidence and drift baselines' period; the confidence drop and the feature shift"
                        + " start right after it (default: ${DEFAULT-VALUE}).")
        Duration baseline;

        @Option(
                names = "--vm-port",
                paramLabel = "PORT",
                defaultValue = "8428",
                converter = Converters.Port.class,
                description = "VictoriaMetrics port (default: ${DEFAULT-VALUE}; 0 = any free port).")
        int vmPort;

        @Option(
                names = "--html",
                paramLabel = "FILE",
                defaultValue = "devstack/target/driftwatch-demo.html",
                description =
                        "Where to write the report as a self-contained HTML page with charts (default: ${DEFAULT-VALUE}).")
        Path html;

        @Option(names = "--no-wait", description = "Exit after the report instead of serving until Ctrl-C.")
        boolean noWait;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "Job configuration file, as for the job itself (default: none, the built-in defaults).")
        Path configFile;

        @Option(
                names = "--set",
                paramLabel = "KEY=VALUE",
                description = "Job configuration override, as for the job itself; repeatable. Wins over the demo's"
                        + " analysis settings, e.g. your own price catalog: --set cost.catalog-file=my-prices.yaml")
        List<String> overrides = new ArrayList<>();

        @Mixin
        CommandLines.HelpOption help;

        /**
         * Parses {@code args} as {@link #main} does, without running.
         *
         * @throws ParameterException naming the bad option and value
         */
        static Options parse(String... args) {
            Options o = new Options();
            Commands.create(o, System.out, System.err).parseArgs(args);
            return o;
        }

        /**
         * Loads the job configuration that the demo will run, with stand-ins for the embedded stack's
         * addresses: a bad --config or --set is an argument error before anything starts, not after the replay.
         */
        void checkConfiguration() {
            try {
                DriftwatchConfig.load(
                        configFile,
                        jobOverrides(
                                this,
                                "localhost:9092",
                                URI.create("file:///tmp/checkpoints"),
                                URI.create("http://localhost:" + vmPort + "/api/v1/write")));
            } catch (ConfigException e) {
                throw new ParameterException(spec.commandLine(), "invalid job configuration\n" + e.getMessage(), e);
            }
        }

        @Override
        public Integer call() {
            checkConfiguration();
            return runMain(this);
        }
    }
}
