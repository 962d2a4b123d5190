package io.driftwatch.devstack.loadgen;

import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.cli.Converters;
import io.driftwatch.drift.cli.CommandLines;
import io.driftwatch.jobs.config.Durations;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The load generator's command line: writes OTLP records to Kafka exactly as the OpenTelemetry
 * Collector's kafka exporter would, from simulated services instrumented with the OpenTelemetry
 * SDK (see {@link LoadGenerator}); with {@code --otlp-endpoint}, sends the same telemetry through the
 * SDK's OTLP/HTTP exporters to a collector instead ({@link OtlpHttpExport}). Without {@code --rate}, replays {@code --days} of event time as
 * fast as it can (ending at today's midnight UTC); with {@code --rate}, runs live at that many
 * metrics records per second, stamped with the wall clock, until {@code --count} records or
 * {@code --duration}.
 */
public final class LoadGeneratorMain {

    private LoadGeneratorMain() {}

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line that {@link #main} executes, printing help to {@code out}, errors and progress to {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        Options options = new Options();
        options.progress = err;
        return Commands.create(options, out, err);
    }

    static void run(Options o, PrintStream progress) throws Exception {
        Instant start = o.rate > 0
                ? Instant.now()
                : Instant.now().truncatedTo(ChronoUnit.DAYS).minus(o.days);
        LoadScenario.Builder b = LoadScenario.builder()
                .start(start)
                .length(o.rate > 0 ? o.exportInterval : o.days)
                .exportInterval(o.exportInterval)
                .meanInferencesPerInterval(o.inferences)
                .spanSampleRatio(o.spanSampleRatio)
                .seed(o.seed)
                .options(o.scenarios); // the models are added below; the options still set the seasonality
        for (SimulatedModel m : LoadScenario.models(start, o.scenarios)) {
            b.addModel(m.withEncoding(o.encoding.configName()));
        }
        LoadScenario scenario = b.build();
        if (o.otlpEndpoint != null) {
            runThroughCollector(o, scenario, start, progress);
            return;
        }
        try (KafkaOtlpWriter metrics =
                        new KafkaOtlpWriter(o.bootstrapServers, Map.of(o.encoding.configName(), o.topicMetrics));
                KafkaOtlpWriter spans = o.topicSpans.equals("none")
                        ? null
                        : new KafkaOtlpWriter(o.bootstrapServers, Map.of(o.encoding.configName(), o.topicSpans))) {
            long t0 = System.nanoTime();
            if (o.rate > 0) {
                progress.printf(
                        "loadgen: live, %.1f records/s to %s (%s), scenario %s%n",
                        o.rate, o.topicMetrics, o.encoding.configName(), o.scenarios);
                LoadGenerator.live(
                        scenario,
                        metrics,
                        spans,
                        o.rate,
                        o.count,
                        o.duration.toMillis(),
                        System::currentTimeMillis,
                        (rounds, total) -> {
                            if (rounds % 10 == 0) {
                                progress.printf("loadgen: %d export rounds%n", rounds);
                            }
                        });
            } else {
                long dayRounds = Math.max(1, Duration.ofDays(1).toMillis() / o.exportInterval.toMillis());
                progress.printf(
                        "loadgen: replaying %s from %s, scenario %s, to %s (%s)%n",
                        Durations.format(o.days), start, o.scenarios, o.topicMetrics, o.encoding.configName());
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
            progress.printf(
                    "loadgen: %,d metrics records (%,d bytes), %,d span records in %.1f s%n",
                    metrics.records(),
                    metrics.bytes(),
                    spans == null ? 0 : spans.records(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The collector mode: every export through the SDK's OTLP/HTTP exporters to {@code --otlp-endpoint}. */
    private static void runThroughCollector(Options o, LoadScenario scenario, Instant start, PrintStream progress)
            throws InterruptedException {
        try (OtlpHttpExport otlp = new OtlpHttpExport(o.otlpEndpoint, o.otlpTimeout)) {
            long t0 = System.nanoTime();
            if (o.rate > 0) {
                progress.printf(
                        "loadgen: live, %.1f records/s by OTLP/HTTP to %s, scenario %s%n",
                        o.rate, o.otlpEndpoint, o.scenarios);
                LoadGenerator.live(
                        scenario,
                        otlp,
                        o.rate,
                        o.count,
                        o.duration.toMillis(),
                        System::currentTimeMillis,
                        (rounds, total) -> {
                            if (rounds % 10 == 0) {
                                progress.printf("loadgen: %d export rounds%n", rounds);
                            }
                        });
            } else {
                long dayRounds = Math.max(1, Duration.ofDays(1).toMillis() / o.exportInterval.toMillis());
                progress.printf(
                        "loadgen: replaying %s from %s, scenario %s, by OTLP/HTTP to %s%n",
                        Durations.format(o.days), start, o.scenarios, o.otlpEndpoint);
                LoadGenerator.replay(scenario, otlp, (rounds, total) -> {
                    if (rounds % dayRounds == 0 || rounds == total) {
                        progress.printf("loadgen: day %d of %d replayed%n", rounds / dayRounds, total / dayRounds);
                    }
                });
            }
            progress.printf(
                    "loadgen: %,d metrics and %,d span export requests accepted by %s in %.1f s%n",
                    otlp.metricRequests(), otlp.spanRequests(), o.otlpEndpoint, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The command-line options; {@link #call} runs the load generator with them. */
    @Command(
            name = "loadgen",
            customSynopsis = "java ... io.driftwatch.devstack.loadgen.LoadGeneratorMain [OPTIONS]",
            description = {
                "Writes OTLP records to Kafka as the OpenTelemetry Collector's kafka exporter would, from"
                        + " simulated services instrumented with the OpenTelemetry SDK; with --otlp-endpoint, sends the"
                        + " same telemetry through the SDK's OTLP/HTTP exporters to a collector instead. Without --rate, replays --days of"
                        + " event time as fast as it can, ending at today's midnight UTC; with --rate, runs live at that"
                        + " many metrics records per second, stamped with the wall clock, until --count records or"
                        + " --duration."
            },
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n")
    static final class Options implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--bootstrap-servers",
                paramLabel = "HOST:PORT",
                defaultValue = "localhost:9092",
                description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
        String bootstrapServers;

        @Option(
                names = "--scenario",
                paramLabel = "LIST",
                defaultValue = "all",
                converter = ScenarioList.class,
                description =
                        "Comma-separated: stable, confidence-drop, feature-shift, cost-hotspot, restart, seasonal, or all"
                                + " (every option but seasonal; default: ${DEFAULT-VALUE}).")
        Set<Scenario> scenarios;

        @Option(
                names = "--days",
                paramLabel = "DURATION",
                defaultValue = "35d",
                converter = Converters.PositiveDuration.class,
                description = "Replay mode: event time to replay, e.g. 35d or 12h (default: ${DEFAULT-VALUE}).")
        Duration days;

        @Option(
                names = "--rate",
                paramLabel = "N",
                converter = Converters.NonNegativeDouble.class,
                description = "Live mode: N metrics records per second, stamped with the wall clock (default: replay"
                        + " mode).")
        double rate;

        @Option(
                names = "--count",
                paramLabel = "N",
                converter = Converters.PositiveLong.class,
                description = "Live mode: stop after N metrics records (default: unbounded).")
        long count = Long.MAX_VALUE;

        @Option(
                names = "--duration",
                paramLabel = "DURATION",
                converter = Converters.PositiveDuration.class,
                description = "Live mode: stop after this long (default: unbounded).")
        Duration duration = Duration.ofMillis(Long.MAX_VALUE);

        @Option(
                names = "--otlp-endpoint",
                paramLabel = "URL",
                converter = Converters.HttpUri.class,
                description = "Collector mode: export through the OpenTelemetry SDK's OTLP/HTTP exporters (protobuf) to"
                        + " this collector address, e.g. http://otel-collector:4318 (the SDK appends /v1/metrics and"
                        + " /v1/traces), instead of writing Kafka records; the collector's kafka exporter writes them."
                        + " --bootstrap-servers, --encoding and the --topic options are then unused.")
        URI otlpEndpoint;

        @Option(
                names = "--otlp-timeout",
                paramLabel = "DURATION",
                defaultValue = "10s",
                converter = Converters.PositiveDuration.class,
                description = "Collector mode: one export request's timeout (default: ${DEFAULT-VALUE}).")
        Duration otlpTimeout;

        @Option(
                names = "--encoding",
                paramLabel = "ENC",
                defaultValue = "otlp_proto",
                converter = Converters.Encoding.class,
                description = "otlp_proto or otlp_json, as the exporter's encoding (default: ${DEFAULT-VALUE}).")
        OtlpEncoding encoding;

        @Option(
                names = "--topic-metrics",
                paramLabel = "TOPIC",
                defaultValue = "otlp_metrics",
                description = "Metrics topic (default: ${DEFAULT-VALUE}).")
        String topicMetrics;

        @Option(
                names = "--topic-spans",
                paramLabel = "TOPIC",
                defaultValue = "otlp_spans",
                description = "Spans topic, or 'none' to send no spans (default: ${DEFAULT-VALUE}).")
        String topicSpans;

        @Option(
                names = "--export-interval",
                paramLabel = "DURATION",
                defaultValue = "5m",
                converter = Converters.PositiveDuration.class,
                description = "The simulated SDKs' export interval in replay mode (default: ${DEFAULT-VALUE}).")
        Duration exportInterval;

        @Option(
                names = "--inferences",
                paramLabel = "N",
                defaultValue = "40",
                converter = Converters.PositiveInt.class,
                description = "Mean inferences per service and export (default: ${DEFAULT-VALUE}).")
        int inferences;

        @Option(
                names = "--span-sample-ratio",
                paramLabel = "P",
                defaultValue = "0.1",
                converter = Converters.Probability.class,
                description = "Probability that an inference's span is sampled (default: ${DEFAULT-VALUE}).")
        double spanSampleRatio;

        @Option(
                names = "--seed",
                paramLabel = "N",
                defaultValue = "42",
                description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        CommandLines.HelpOption help;

        PrintStream progress = System.err;

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

        @Override
        public Integer call() throws Exception {
            if (rate == 0 && exportInterval.compareTo(days) > 0) {
                throw CommandLines.invalidValue(
                        spec,
                        "--export-interval",
                        Durations.format(exportInterval) + " is longer than the --days replayed ("
                                + Durations.format(days) + ")");
            }
            if (otlpEndpoint != null && encoding != OtlpEncoding.OTLP_PROTO) {
                throw CommandLines.invalidValue(
                        spec,
                        "--encoding",
                        encoding.configName() + " with --otlp-endpoint: the OTLP exporter sends protobuf; the encoding"
                                + " of the Kafka records is the collector's kafka exporter's (metrics::encoding)");
            }
            run(this, progress);
            return 0;
        }
    }

    /** {@link Scenario#parseList}; picocli adds the set it returns to the option's set. */
    static final class ScenarioList implements ITypeConverter<Set<Scenario>> {
        @Override
        public Set<Scenario> convert(String value) {
            try {
                return Scenario.parseList(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
