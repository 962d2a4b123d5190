package io.driftwatch.devstack.bench;

import io.driftwatch.cost.ledger.CostLedger;
import io.driftwatch.cost.ledger.HourCost;
import io.driftwatch.cost.money.Money;
import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.LocalFiles;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.drift.cli.CommandLines;
import io.driftwatch.jobs.confidence.ConfidencePipeline;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.cost.CostPipeline;
import io.driftwatch.jobs.drift.FeatureDriftPipeline;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The benchmark of the deployed configuration, in one process on one input ({@link BenchmarkInput}: the
 * fleet's metrics every minute, and its spans at 10 % sampling, on one real Kafka broker in this JVM):
 *
 * <ol>
 *   <li>the bare OTLP decode of the metrics records, one thread, best of 5 passes;
 *   <li>after one unmeasured warm-up pass of the all-analyses job (the JIT, else the first measured job
 *       pays for it alone), each analysis alone end to end: confidence; cost (with a catalog of the
 *       fleet's use cases and its GPU's rate, so idle capacity is priced); feature drift from the {@code
 *       ml.feature.value} histograms; feature drift from span attributes ({@code drift.spans.enabled=true};
 *       the job's metrics input is an empty topic, so it reads the spans only);
 *   <li>all of them in one job, reading the metrics and the spans;
 *   <li>state: the all-analyses job unbounded, stopped with a savepoint once its consumer group committed
 *       the end of both topics. S: the savepoint's bytes on disk (every operator, source offsets and the
 *       cardinality guard included) per active input series (distinct series, by name and labels, of the
 *       metrics the job consumes). F: the feature-drift operator's own state ({@code OperatorState}
 *       size in the savepoint's metadata, keys and the back end's serialisation included) per (model,
 *       version, feature) key, in KB of 1000 bytes.
 * </ol>
 *
 * End to end is Kafka → Flink MiniCluster ({@code DriftwatchJob.build}, parallelism 2, checkpoints every
 * 10 s, bounded) → remote write into a real VictoriaMetrics. The rate of a run is the points of the input
 * that the job reads divided by its net runtime, where the points are the metric data points of the
 * metrics topic, as the decoder counts them, when the job reads it, plus the span feature values (one per
 * {@code ml.feature.*} attribute of a sampled span, as the job extracts them) when it reads the spans
 * topic. The same definition holds on every row, the load generator's and the bare decode's included.
 *
 * <p>Prints progress lines, then Markdown tables for BENCHMARKS.md, and last {@code all analyses: N
 * points/s end to end, R x bare decode, S B state per series, F KB state per feature}.
 */
public final class AllAnalysesBenchmark {

    static final String METRICS_TOPIC = "otlp_metrics";
    static final String SPANS_TOPIC = "otlp_spans";
    /** The metrics input of the span-only drift job: the job always has one, this one holds nothing. */
    static final String EMPTY_METRICS_TOPIC = "otlp_metrics_empty";
    /** FeatureDriftPipeline's fixed uid of the feature-drift operator (package-private there). */
    static final String DRIFT_UID = "feature-drift";

    private static final int DECODE_PASSES = 5;
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(30);

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line that {@link #main} executes, printing help to {@code out} and errors to {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Commands.create(new Options(), out, err);
    }

    /** The command-line options; {@link #call} runs the benchmark. */
    @Command(
            name = "./driftwatch.sh bench",
            description = "The benchmark of the deployed configuration on one input (the fleet's metrics and 10 %%"
                    + " sampled spans in one Kafka broker): the bare OTLP decode rate, each analysis alone and all"
                    + " of them in one job end to end from Kafka to remote write into VictoriaMetrics, and the"
                    + " all-analyses job's state per series and per feature; prints Markdown tables for"
                    + " BENCHMARKS.md.",
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n")
    static final class Options implements Callable<Integer> {
        @Mixin
        BenchmarkJobs.InputOptions input;

        @Option(
                names = "--skip-alone",
                description = "Run the all-analyses job only, not each analysis alone (no ratio to confidence alone).")
        boolean skipAlone;

        @Option(
                names = "--no-warm-up",
                description = "Skip the unmeasured warm-up pass of the all-analyses job before the measured jobs.")
        boolean noWarmUp;

        @Mixin
        CommandLines.HelpOption help;

        @Override
        public Integer call() throws Exception {
            run(input.services(), input.hours(), skipAlone, !noWarmUp, System.out);
            return 0;
        }
    }

    /** A measured job: the analyses it runs, and which of the two topics it reads. */
    enum Job {
        CONFIDENCE(
                "confidence alone",
                true,
                false,
                "confidence.enabled=true",
                "drift.enabled=false",
                "cost.enabled=false"),
        COST("cost alone", true, false, "confidence.enabled=false", "drift.enabled=false", "cost.enabled=true"),
        DRIFT_HISTOGRAMS(
                "feature drift from histograms alone",
                true,
                false,
                "confidence.enabled=false",
                "drift.enabled=true",
                "drift.spans.enabled=false",
                "cost.enabled=false"),
        DRIFT_SPANS(
                "feature drift from span attributes alone (reads the spans only)",
                false,
                true,
                "confidence.enabled=false",
                "drift.enabled=true",
                "drift.spans.enabled=true",
                "cost.enabled=false",
                "kafka.inputs[0].topic=" + EMPTY_METRICS_TOPIC),
        ALL(
                "all analyses in one job (reads the metrics and the spans)",
                true,
                true,
                "confidence.enabled=true",
                "drift.enabled=true",
                "drift.spans.enabled=true",
                "cost.enabled=true");

        final String label;
        final boolean readsMetrics;
        final boolean readsSpans;
        final List<String> overrides;

        Job(String label, boolean readsMetrics, boolean readsSpans, String... overrides) {
            this.label = label;
            this.readsMetrics = readsMetrics;
            this.readsSpans = readsSpans;
            this.overrides = List.of(overrides);
        }

        /** The points of the input this job reads: metric data points, span feature values, or both. */
        long points(BenchmarkInput.Counts counts) {
            return (readsMetrics ? counts.metricPoints() : 0) + (readsSpans ? counts.spanFeatureValues() : 0);
        }

        String groupId() {
            return "bench-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A measured run: its job, the points it read and its runtimes. */
    record Measured(Job job, long points, BenchmarkJobs.Runtime runtime) {
        double rate() {
            return points / runtime.netSeconds();
        }
    }

    static void run(int services, int hours, boolean skipAlone, boolean warmUp, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("driftwatch-bench");
        try {
            Path catalog = Files.writeString(dir.resolve("prices.yaml"), catalog());
            List<String> fixed = List.of(
                    "cost.catalog-file=" + catalog,
                    "flink.parallelism=2",
                    "flink.checkpoint-interval=10s",
                    // Feature drift's state outgrows the JobManager's 5 MB in-memory checkpoints.
                    "flink.checkpoint-dir=" + dir.resolve("checkpoints").toUri(),
                    "kafka.inputs[0].topic=" + METRICS_TOPIC,
                    "drift.spans.inputs[0].topic=" + SPANS_TOPIC);
            DriftwatchConfig allConfig = DriftwatchConfig.load(null, concat(fixed, Job.ALL.overrides));

            out.printf(
                    Locale.ROOT,
                    "generating the input: %d services x %d h, 1 min export, %.0f %% of inferences traced...%n",
                    services,
                    hours,
                    BenchmarkInput.SPAN_SAMPLE_RATIO * 100);
            BenchmarkInput input = BenchmarkInput.generate(services, hours);
            BenchmarkInput.Counts counts = input.count(allConfig.drift());
            Set<String> consumed = consumedMetrics(allConfig);
            long series = counts.series(consumed);
            out.printf(
                    Locale.ROOT,
                    "input: %,d metrics records (%,d data points, %,d bytes), %,d span records (%,d spans, %,d span"
                            + " feature values, %,d bytes); %d model groups%n",
                    input.metricRecords,
                    counts.metricPoints(),
                    input.metricBytes,
                    input.spanRecords,
                    counts.spans(),
                    counts.spanFeatureValues(),
                    input.spanBytes,
                    input.groups());
            out.printf(
                    Locale.ROOT,
                    "active input series of the all-analyses job: %,d (%s); feature keys (model, version, feature):"
                            + " %d (%d from histograms, %d from spans)%n",
                    series,
                    consumed.stream()
                            .filter(m -> counts.seriesByMetric().containsKey(m))
                            .map(m -> m + " " + counts.seriesByMetric().get(m))
                            .collect(Collectors.joining(", ")),
                    counts.featureKeys(),
                    counts.histogramFeatureKeys(),
                    counts.spanFeatureKeys());
            long allPoints = counts.metricPoints() + counts.spanFeatureValues();
            double generateRate = allPoints / input.generateSeconds;
            out.printf(
                    Locale.ROOT,
                    "load generator (OpenTelemetry SDK record + collect + OTLP marshal, one thread): %,.0f points/s"
                            + " (%.1f s)%n",
                    generateRate,
                    input.generateSeconds);

            double decodeRate = input.decodeRate(counts.metricPoints(), DECODE_PASSES);
            out.printf(
                    Locale.ROOT, "bare decode: %,.0f points/s on one thread, best of %d%n", decodeRate, DECODE_PASSES);

            List<Measured> measured = new ArrayList<>();
            BenchmarkJobs.Savepoint savepoint;
            try (EmbeddedKafka kafka = EmbeddedKafka.start();
                    VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
                kafka.createTopics(4, METRICS_TOPIC, SPANS_TOPIC);
                kafka.createTopics(
                        1,
                        EMPTY_METRICS_TOPIC,
                        "driftwatch.dead-letters",
                        "driftwatch.remote-write.dead-letters",
                        "ml.drift.events");
                input.writeTo(kafka.bootstrapServers(), METRICS_TOPIC, SPANS_TOPIC);
                out.println("input written to Kafka");
                List<String> common = concat(
                        fixed,
                        List.of(
                                "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                                "remote-write.url=" + vm.writeUrl()));

                if (warmUp) {
                    BenchmarkJobs.Runtime w =
                            BenchmarkJobs.bounded(concat(common, Job.ALL.overrides), "bench-warm-up", "bench-warm-up");
                    out.printf(Locale.ROOT, "warm-up (all analyses, not measured): %.1f s%n", w.netSeconds());
                }
                for (Job job : skipAlone ? List.of(Job.ALL) : List.of(Job.values())) {
                    BenchmarkJobs.Runtime runtime =
                            BenchmarkJobs.bounded(concat(common, job.overrides), job.groupId(), job.groupId());
                    Measured m = new Measured(job, job.points(counts), runtime);
                    measured.add(m);
                    out.printf(
                            Locale.ROOT,
                            "%s: %,.0f points/s (%,d points; net job runtime %.1f s, %.1f s wall including start-up)%n",
                            job.label,
                            m.rate(),
                            m.points(),
                            runtime.netSeconds(),
                            runtime.wallSeconds());
                }

                out.println("state: the all-analyses job, unbounded, until it committed the end of both topics...");
                savepoint = BenchmarkJobs.savepoint(
                        concat(common, Job.ALL.overrides), "bench-state", "bench-state", SAVEPOINT_TIMEOUT);
            }
            long driftBytes = savepoint.operatorBytes(DRIFT_UID);
            out.printf(Locale.ROOT, "savepoint: %,d bytes; operator state by Flink's metadata:%n", savepoint.bytes());
            savepoint.operators().stream()
                    .filter(o -> o.getStateSize() > 0)
                    .sorted(Comparator.comparingLong(OperatorState::getStateSize)
                            .reversed())
                    .forEach(o -> out.printf(
                            Locale.ROOT,
                            "  %s: %,d bytes%n",
                            o.getOperatorUid()
                                    .or(o::getOperatorName)
                                    .orElse(o.getOperatorID().toString()),
                            o.getStateSize()));
            report(out, input, counts, series, generateRate, decodeRate, measured, savepoint, driftBytes);
        } finally {
            LocalFiles.deleteRecursively(dir);
        }
    }

    private static void report(
            PrintStream out,
            BenchmarkInput input,
            BenchmarkInput.Counts counts,
            long series,
            double generateRate,
            double decodeRate,
            List<Measured> measured,
            BenchmarkJobs.Savepoint savepoint,
            long driftBytes) {
        Measured all = find(measured, Job.ALL);
        Measured confidence = find(measured, Job.CONFIDENCE);
        if (confidence != null) {
            out.printf(
                    Locale.ROOT,
                    "all analyses ÷ confidence alone: %.2f by rate (the all-analyses job also reads the %,d span feature"
                            + " values); by net runtime (confidence's ÷ all's): %.2f%n",
                    all.rate() / confidence.rate(),
                    counts.spanFeatureValues(),
                    confidence.runtime().netSeconds() / all.runtime().netSeconds());
        }
        long perSeries = Math.round((double) savepoint.bytes() / series);
        long perFeatureKb = Math.round((double) driftBytes / counts.featureKeys() / 1000);

        out.println();
        out.println("| measure | points/s | × bare decode |");
        out.println("|---|---|---|");
        row(
                out,
                "load generator, one thread (OpenTelemetry SDK instruments, collection, OTLP marshalling)",
                generateRate,
                decodeRate);
        row(
                out,
                "bare OTLP decode of the metrics records, one thread, best of " + DECODE_PASSES,
                decodeRate,
                decodeRate);
        for (Measured m : measured) {
            row(out, "end to end: " + m.job().label, m.rate(), decodeRate);
        }
        if (confidence != null) {
            out.printf(
                    Locale.ROOT,
                    "| all analyses ÷ confidence alone (target ≥ 0.8) | %.2f | |%n",
                    all.rate() / confidence.rate());
        }
        out.println();
        out.println("| state of the all-analyses job (savepoint after reading everything) | value |");
        out.println("|---|---|");
        out.printf(
                Locale.ROOT,
                "| savepoint bytes per active input series (%,d series of the consumed metrics; %,d bytes, all"
                        + " operators) | %,d B |%n",
                series,
                savepoint.bytes(),
                perSeries);
        out.printf(
                Locale.ROOT,
                "| feature-drift operator state per (model, version, feature) key (%d keys, %d h of data; its own"
                        + " state in the savepoint's metadata: %,d bytes) | %,d KB |%n",
                counts.featureKeys(),
                input.hours,
                driftBytes,
                perFeatureKb);
        out.printf(
                Locale.ROOT,
                "| cost ledger of one cost key, full (24 priced hours and 32 days) | %,d B |%n",
                fullLedgerBytes());
        out.println();
        out.printf(
                Locale.ROOT,
                "all analyses: %d points/s end to end, %.2f x bare decode, %d B state per series, %d KB state per"
                        + " feature%n",
                Math.round(all.rate()),
                all.rate() / decodeRate,
                perSeries,
                perFeatureKb);
    }

    private static void row(PrintStream out, String measure, double rate, double decodeRate) {
        out.printf(Locale.ROOT, "| %s | %,.0f | %.2f |%n", measure, rate, rate / decodeRate);
    }

    private static Measured find(List<Measured> measured, Job job) {
        return measured.stream().filter(m -> m.job() == job).findFirst().orElse(null);
    }

    /** The metrics the job of {@code config} consumes, as {@code DriftwatchJob.build} collects them. */
    static Set<String> consumedMetrics(DriftwatchConfig config) {
        Set<String> consumed = new LinkedHashSet<>();
        if (config.confidence().enabled()) {
            consumed.addAll(ConfidencePipeline.consumedMetrics(config));
        }
        if (config.drift().enabled()) {
            consumed.addAll(FeatureDriftPipeline.consumedMetrics(config));
        }
        if (config.cost().enabled()) {
            consumed.addAll(CostPipeline.consumedMetrics(config));
        }
        return consumed;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * A catalog pricing the fleet: use_case_0..6 with values and budgets, and the rate of the fleet's GPU
     * (the demo's), so that idle capacity is priced as in a deployment; the services report their own GPU cost.
     */
    static String catalog() {
        StringBuilder sb = new StringBuilder("gpu:\n  rates:\n"
                + "    - {type: NVIDIA A100 80GB PCIe, provider: aws, hourly: 2.50}\n"
                + "use-cases:\n");
        for (int u = 0; u < 7; u++) {
            sb.append("  - {name: use_case_").append(u).append(", value-per-inference: 0.01, monthly-budget: 10000}\n");
        }
        return sb.toString();
    }

    /** The serialised size of a ledger holding 24 priced hours and 32 days, realistic magnitudes. */
    static int fullLedgerBytes() {
        CostLedger ledger = new CostLedger(24);
        long t0 = 1_780_000_000_000L / 3_600_000L * 3_600_000L;
        for (int h = 1; h <= 32 * 24; h++) {
            ledger.record(
                    t0 + h * 3_600_000L,
                    new HourCost(Money.parse("12.345678"), Money.parse("12.345678"), 24_000, 9_000_000));
        }
        return ledger.toBytes().length;
    }
}
