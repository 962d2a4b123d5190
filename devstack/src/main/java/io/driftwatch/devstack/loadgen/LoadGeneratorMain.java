package io.driftwatch.devstack.loadgen;

import io.driftwatch.jobs.config.Durations;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * The load generator's command line: writes OTLP records to Kafka exactly as the OpenTelemetry
 * Collector's kafka exporter would, from simulated services instrumented with the OpenTelemetry
 * SDK (see {@link LoadGenerator}). Without {@code --rate}, replays {@code --days} of event time as
 * fast as it can (ending at today's midnight UTC); with {@code --rate}, runs live at that many
 * metrics records per second, stamped with the wall clock, until {@code --count} records or
 * {@code --duration}.
 */
public final class LoadGeneratorMain {

    static final String USAGE = String.join("\n",
            "usage: java ... io.driftwatch.devstack.loadgen.LoadGeneratorMain [options]",
            "  --bootstrap-servers HOST:PORT   Kafka brokers (default localhost:9092)",
            "  --scenario LIST        comma-separated: stable, confidence-drop, feature-shift, cost-hotspot, restart, or all (default all)",
            "  --days DURATION        event time to replay, e.g. 35d or 12h (default 35d; replay mode)",
            "  --rate N               live mode: N metrics records per second, stamped with the wall clock",
            "  --count N              live mode: stop after N metrics records (default unbounded)",
            "  --duration DURATION    live mode: stop after this long (default unbounded)",
            "  --encoding ENC         otlp_proto (default) or otlp_json, as the exporter's encoding",
            "  --topic-metrics TOPIC  metrics topic (default otlp_metrics)",
            "  --topic-spans TOPIC    spans topic (default otlp_spans; 'none' to send no spans)",
            "  --export-interval DURATION  the simulated SDKs' export interval in replay mode (default 5m)",
            "  --inferences N         mean inferences per service and export (default 40)",
            "  --span-sample-ratio P  probability that an inference's span is sampled (default 0.1)",
            "  --seed N               random seed (default 42)",
            "  --help                 this text");

    private LoadGeneratorMain() {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage() + "\n\n" + USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(USAGE);
            return;
        }
        run(o, System.err);
    }

    static void run(Options o, PrintStream progress) throws Exception {
        Instant start = o.rate > 0 ? Instant.now() : Instant.now().truncatedTo(ChronoUnit.DAYS).minus(o.days);
        LoadScenario.Builder b = LoadScenario.builder()
                .start(start)
                .length(o.rate > 0 ? o.exportInterval : o.days)
                .exportInterval(o.exportInterval)
                .meanInferencesPerInterval(o.inferences)
                .spanSampleRatio(o.spanSampleRatio)
                .seed(o.seed);
        for (SimulatedModel m : LoadScenario.models(start, o.scenarios)) {
            b.addModel(m.withEncoding(o.encoding));
        }
        LoadScenario scenario = b.build();
        try (KafkaOtlpWriter metrics = new KafkaOtlpWriter(o.bootstrapServers, Map.of(o.encoding, o.topicMetrics));
                KafkaOtlpWriter spans = o.topicSpans.equals("none") ? null
                        : new KafkaOtlpWriter(o.bootstrapServers, Map.of(o.encoding, o.topicSpans))) {
            long t0 = System.nanoTime();
            if (o.rate > 0) {
                progress.printf("loadgen: live, %.1f records/s to %s (%s), scenario %s%n", o.rate, o.topicMetrics,
                        o.encoding, o.scenarios);
                LoadGenerator.live(scenario, metrics, spans, o.rate, o.count, o.duration.toMillis(),
                        System::currentTimeMillis, (rounds, total) -> {
                            if (rounds % 10 == 0) {
                                progress.printf("loadgen: %d export rounds%n", rounds);
                            }
                        });
            } else {
                long dayRounds = Math.max(1, Duration.ofDays(1).toMillis() / o.exportInterval.toMillis());
                progress.printf("loadgen: replaying %s from %s, scenario %s, to %s (%s)%n", Durations.format(o.days),
                        start, o.scenarios, o.topicMetrics, o.encoding);
                LoadGenerator.replay(scenario, metrics, spans, (rounds, total) -> {
                    if (rounds % dayRounds == 0 || rounds == total) {
                        progress.printf("loadgen: day %d of %d replayed%n", rounds / dayRounds, total / dayRounds);
                    }
                });
            }
            metrics.flush();
            if (spans != null) {
                spans.flush();
            }
            progress.printf("loadgen: %,d metrics records (%,d bytes), %,d span records in %.1f s%n", metrics.records(),
                    metrics.bytes(), spans == null ? 0 : spans.records(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Parsed command-line options. */
    static final class Options {
        String bootstrapServers = "localhost:9092";
        Set<Scenario> scenarios = Scenario.ALL;
        Duration days = Duration.ofDays(35);
        double rate;
        long count = Long.MAX_VALUE;
        Duration duration = Duration.ofMillis(Long.MAX_VALUE);
        String encoding = "otlp_proto";
        String topicMetrics = "otlp_metrics";
        String topicSpans = "otlp_spans";
        Duration exportInterval = Duration.ofMinutes(5);
        int inferences = 40;
        double spanSampleRatio = 0.1;
        long seed = 42;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    o.help = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag.startsWith("--") ? flag + " needs a value" : "unknown argument " + flag);
                }
                String v = args[++i];
                try {
                    switch (flag) {
                        case "--bootstrap-servers" -> o.bootstrapServers = v;
                        case "--scenario" -> o.scenarios = Scenario.parseList(v);
                        case "--days" -> o.days = positive(flag, Durations.parse(v));
                        case "--rate" -> o.rate = Double.parseDouble(v);
                        case "--count" -> o.count = Long.parseLong(v);
                        case "--duration" -> o.duration = positive(flag, Durations.parse(v));
                        case "--encoding" -> o.encoding = encoding(v);
                        case "--topic-metrics" -> o.topicMetrics = v;
                        case "--topic-spans" -> o.topicSpans = v;
                        case "--export-interval" -> o.exportInterval = positive(flag, Durations.parse(v));
                        case "--inferences" -> o.inferences = Integer.parseInt(v);
                        case "--span-sample-ratio" -> o.spanSampleRatio = Double.parseDouble(v);
                        case "--seed" -> o.seed = Long.parseLong(v);
                        default -> throw new IllegalArgumentException("unknown option " + flag);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(flag + ": not a number: \"" + v + "\"");
                }
            }
            if (o.rate < 0 || Double.isNaN(o.rate)) {
                throw new IllegalArgumentException("--rate must be > 0 records/s, got " + o.rate);
            }
            if (o.count < 1) {
                throw new IllegalArgumentException("--count must be >= 1, got " + o.count);
            }
            return o;
        }

        private static Duration positive(String flag, Duration d) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(flag + " must be positive, got " + Durations.format(d));
            }
            return d;
        }

        private static String encoding(String v) {
            if (!v.equals("otlp_proto") && !v.equals("otlp_json")) {
                throw new IllegalArgumentException("--encoding must be otlp_proto or otlp_json, got \"" + v + "\"");
            }
            return v;
        }
    }
}
