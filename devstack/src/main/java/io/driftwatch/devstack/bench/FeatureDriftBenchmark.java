package io.driftwatch.devstack.bench;

import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.cli.Converters;
import io.driftwatch.devstack.loadgen.FeatureScenario;
import io.driftwatch.devstack.loadgen.FeatureTrafficGenerator;
import io.driftwatch.devstack.loadgen.FeatureTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.drift.cli.CommandLines;
import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.distance.Wasserstein;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureComparison;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.QuantileGrid;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.psi.Psi;
import io.driftwatch.drift.sketch.NumericSummary;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The feature-drift benchmark, in one run ({@code --parts}, default all four): {@code update}, the sketch
 * update rate on one core; {@code cost}, the CPU cost per hour of data of the streaming statistics against
 * recomputing them from the raw values every hour; {@code state}, the drift operator's state per (model,
 * version, feature) with a 30-day baseline, from the serialised forms it stores; {@code e2e}, the drift
 * job's end-to-end rate of feature values from Kafka (spans and histograms) to remote write into a real
 * VictoriaMetrics, and with {@code --savepoint} the savepoint size per feature of an unbounded run over the
 * same input. Prints Markdown table rows for BENCHMARKS.md.
 *
 * <p>Input: {@link FeatureScenario} over {@code --days D} (default 35) with {@code --spans N} sampled spans
 * per replica and 10-minute export (default 250: 3,000 spans, 9,000 span feature values and 12,000
 * histogram values per hour over two replicas).
 */
public final class FeatureDriftBenchmark {

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line that {@link #main} executes, printing help to {@code out} and errors to {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Commands.create(new Options(), out, err);
    }

    /** A part of the benchmark, {@code --parts}. */
    enum Part {
        UPDATE,
        COST,
        STATE,
        E2E;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final class PartConverter extends CommandLines.EnumConverter<Part> {
        PartConverter() {
            super(Part.class);
        }
    }

    /** The command-line options; {@link #call} runs the benchmark. */
    @Command(
            name = "./driftwatch.sh bench-drift",
            description = "The feature-drift benchmark: sketch update rate, CPU per hour of streaming statistics"
                    + " against recomputing, state per feature, and the drift job end to end from Kafka to remote"
                    + " write into VictoriaMetrics; prints Markdown table rows for BENCHMARKS.md.",
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n")
    static final class Options implements Callable<Integer> {
        @Option(
                names = "--days",
                paramLabel = "D",
                defaultValue = "35",
                converter = Converters.PositiveInt.class,
                description = "e2e: days of event time (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(
                names = "--spans",
                paramLabel = "N",
                defaultValue = "250",
                converter = Converters.PositiveInt.class,
                description = "e2e: sampled spans per replica and 10-minute export (default: ${DEFAULT-VALUE}).")
        int spans;

        @Option(
                names = "--parts",
                paramLabel = "PART",
                split = ",",
                defaultValue = "update,cost,state,e2e",
                converter = PartConverter.class,
                description = "Comma-separated parts to run: update, cost, state, e2e (default: ${DEFAULT-VALUE}).")
        Set<Part> parts;

        @Option(
                names = "--savepoint",
                description = "e2e: also measure the savepoint size per feature of an unbounded run.")
        boolean savepoint;

        @Mixin
        CommandLines.HelpOption help;

        @Override
        public Integer call() throws Exception {
            run(days, spans, parts, savepoint);
            return 0;
        }
    }

    static void run(int days, int spans, Set<Part> parts, boolean savepoint) throws Exception {
        if (parts.contains(Part.UPDATE)) {
            System.out.printf(
                    "| sketch update (DDSketch bins, alpha 0.001), one thread | %,.0f values/s; weight 4: %,.0f"
                            + " values/s |%n",
                    updateRate(1), updateRate(4));
        }
        if (parts.contains(Part.COST)) {
            for (int perHour : new int[] {600, 36_000}) {
                double[] ms = costPerHour(perHour);
                System.out.printf(
                        "| CPU per hour of data and numeric feature at %,d values/h: streaming / recompute from"
                                + " raw | %.2f ms / %.2f ms (ratio %.4f) |%n",
                        perHour, ms[0], ms[1], ms[0] / ms[1]);
            }
        }
        if (parts.contains(Part.STATE)) {
            for (boolean rolling : new boolean[] {false, true}) {
                for (int perHour : new int[] {600, 36_000}) {
                    System.out.printf(
                            "| largest state bytes per feature at %,d values/h, 30-day %s baseline: numeric /"
                                    + " categorical (4 categories) / histogram (66 buckets) | %,d / %,d / %,d |%n",
                            perHour,
                            rolling ? "rolling" : "frozen",
                            stateBytes(FeatureSummary.Kind.NUMERIC, perHour, rolling),
                            stateBytes(FeatureSummary.Kind.CATEGORICAL, perHour, rolling),
                            stateBytes(FeatureSummary.Kind.BUCKETED, perHour, rolling));
                }
            }
            for (int perHour : new int[] {600, 36_000}) {
                System.out.printf(
                        "| largest state bytes per numeric feature at %,d values/h, 30-day frozen baseline, windows as"
                                + " sketches (drift.rollups or reference mode) | %,d |%n",
                        perHour, stateBytes(FeatureSummary.Kind.NUMERIC, perHour, false, true));
            }
        }
        if (parts.contains(Part.E2E)) {
            endToEnd(days, spans, savepoint);
        }
    }

    /**
     * The drift operator's largest state of one feature over 31 days (a 30-day baseline, then a full 24-hour
     * window), as it stores it: each stored summary in its serialised form ({@link FeatureSummarySerializer}:
     * 4-byte length + {@link FeatureSummary#toBytes()}), the grid (4-byte length + {@link QuantileGrid#toBytes()}),
     * plus the first-interval, last-evaluated, firing and kind values (8 + 8 + 1 + 9 bytes). Frozen numeric:
     * during the reference period the baseline sketch and the open interval's sketch; after it the baseline,
     * the grid and 24 intervals of grid counts. Frozen categorical and histogram: 24 interval summaries and
     * the baseline. Rolling: 24 interval summaries and 30 day summaries (the baseline is merged from them at
     * each evaluation). Keys and the state backend's own overhead are not counted.
     */
    static long stateBytes(FeatureSummary.Kind kind, int perHour, boolean rolling) {
        return stateBytes(kind, perHour, rolling, false);
    }

    /** As above; {@code sketches}: frozen numeric windows kept as sketches, no grid (roll-ups, reference mode). */
    static long stateBytes(FeatureSummary.Kind kind, int perHour, boolean rolling, boolean sketches) {
        Random r = new Random(7);
        String[] categories = {"DE", "FR", "IT", "ES"};
        boolean onGrid = kind == FeatureSummary.Kind.NUMERIC && !rolling && !sketches;
        FeatureSummary baseline = null;
        QuantileGrid grid = null;
        java.util.ArrayDeque<FeatureSummary> window = new java.util.ArrayDeque<>();
        List<FeatureSummary> days = new ArrayList<>();
        FeatureSummary day = null;
        long fixed = 8 + 8 + 1 + 9;
        long largest = 0;
        for (int h = 0; h < 30 * 24 + 24; h++) {
            if (onGrid && h == 30 * 24) {
                grid = QuantileGrid.of(
                        baseline.numeric(), DriftPolicy.defaults().bins());
            }
            FeatureSummary hour = kind == FeatureSummary.Kind.BUCKETED
                    ? FeatureSummary.buckets(FeatureScenario.HISTOGRAM_BOUNDS)
                    : kind == FeatureSummary.Kind.NUMERIC
                            ? (grid != null
                                    ? FeatureSummary.onGrid(grid)
                                    : FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY))
                            : FeatureSummary.categorical(1000);
            long[] counts = new long[FeatureScenario.HISTOGRAM_BOUNDS.length + 1];
            for (int i = 0; i < perHour; i++) {
                double v = r.nextGaussian();
                switch (kind) {
                    case NUMERIC -> {
                        if (grid != null) {
                            hour.add(grid, v, 1);
                        } else {
                            hour.add(v, 1);
                        }
                    }
                    case CATEGORICAL -> hour.add(categories[Math.floorMod((int) (v * 2), 4)], 1);
                    case BUCKETED -> counts[Math.min(counts.length - 1, Math.max(0, (int) ((v + 6) * 4)))]++;
                }
            }
            if (kind == FeatureSummary.Kind.BUCKETED) {
                hour.add(FeatureScenario.HISTOGRAM_BOUNDS, counts);
            }
            long bytes = fixed;
            if (rolling) {
                window.addLast(hour);
                if (window.size() > 24) {
                    FeatureSummary leaving = window.removeFirst();
                    if (day == null) {
                        day = leaving.copy();
                    } else {
                        day.merge(leaving);
                    }
                    if (h % 24 == 23) {
                        days.add(day);
                        day = null;
                        if (days.size() > 30) {
                            days.remove(0);
                        }
                    }
                }
                for (FeatureSummary s : window) {
                    bytes += 4 + s.toBytes().length;
                }
                for (FeatureSummary s : days) {
                    bytes += 4 + s.toBytes().length;
                }
                if (day != null) {
                    bytes += 4 + day.toBytes().length;
                }
            } else if (h < 30 * 24) {
                // the open interval, then into the baseline
                bytes += 4 + hour.toBytes().length;
                if (baseline == null) {
                    baseline = hour.copy();
                } else {
                    baseline.merge(hour);
                }
                if (!onGrid) {
                    window.addLast(hour);
                    if (window.size() > 24) {
                        window.removeFirst();
                    }
                    for (FeatureSummary s : window) {
                        bytes += 4 + s.toBytes().length;
                    }
                }
                bytes += 4 + baseline.toBytes().length;
            } else {
                window.addLast(hour);
                if (window.size() > 24) {
                    window.removeFirst();
                }
                for (FeatureSummary s : window) {
                    bytes += 4 + s.toBytes().length;
                }
                bytes += 4 + baseline.toBytes().length;
                if (grid != null) {
                    bytes += 4 + grid.toBytes().length;
                }
            }
            largest = Math.max(largest, bytes);
        }
        return largest;
    }

    private static void endToEnd(int days, int spans, boolean savepoint) throws Exception {
        FeatureScenario scenario = FeatureScenario.builder()
                .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days + 3)))
                .length(Duration.ofDays(days))
                .spansPerExport(spans)
                .histogramValuesPerExport(spans * 2)
                .build();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            kafka.createTopics(2, "feature_metrics", "otlp_spans", "ml.drift.events");
            kafka.createTopics(1, "driftwatch.dead-letters", "driftwatch.remote-write.dead-letters");
            FeatureTruth truth;
            try (KafkaOtlpWriter metrics =
                            new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", "feature_metrics"));
                    KafkaOtlpWriter spanWriter =
                            new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", "otlp_spans"))) {
                truth = FeatureTrafficGenerator.generate(scenario, metrics, spanWriter);
                System.out.printf(
                        "input: %,d metrics records (%,d bytes), %,d span records (%,d bytes)%n",
                        metrics.records(), metrics.bytes(), spanWriter.records(), spanWriter.bytes());
            }
            long spanValues = 0;
            long histogramValues = 0;
            for (String f : List.of("amount", "age", "country")) {
                spanValues += truth.hours(f).values().stream()
                        .mapToLong(h -> h.weights.size())
                        .sum();
            }
            for (String f : List.of("session_length", "basket_size")) {
                histogramValues += truth.hours(f).values().stream()
                        .mapToLong(h -> Arrays.stream(h.bucketCounts).sum())
                        .sum();
            }
            List<String> common = List.of(
                    "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "kafka.inputs[0].topic=feature_metrics",
                    "confidence.enabled=false",
                    "drift.spans.enabled=true",
                    "remote-write.url=" + vm.writeUrl(),
                    "flink.parallelism=2",
                    "flink.checkpoint-interval=10s");
            double netSeconds = BenchmarkJobs.bounded(common, "bench", "bench-feature-drift")
                    .netSeconds();
            System.out.printf(
                    "| end to end, Kafka → Flink (parallelism 2) → remote write | %,.0f span feature values/s"
                            + " (+ %,.0f histogram values/s); net job runtime %.1f s |%n",
                    spanValues / netSeconds, histogramValues / netSeconds, netSeconds);
            if (savepoint) {
                savepointBytes(common);
            }
        }
    }

    /** An unbounded run over the same input, stopped with a savepoint once it has read everything. */
    private static void savepointBytes(List<String> common) throws Exception {
        long savepointBytes = BenchmarkJobs.savepoint(
                        common, "bench-state", "bench-feature-drift-state", Duration.ofMinutes(20))
                .bytes();
        int features = 5;
        System.out.printf(
                "| savepoint bytes per feature (%d features, all operators' state) | %,.0f |%n",
                features, (double) savepointBytes / features);
    }

    /**
     * Values per second into one numeric summary (DDSketch bins, α = 0.001), best of 3 passes over 10⁷
     * uniform values with weight {@code weight} (a weight is one addition to a bin, whatever its size).
     */
    private static double updateRate(long weight) {
        double[] values = new Random(1).doubles(10_000_000).map(u -> u * 100).toArray();
        double best = 0;
        for (int round = 0; round < 3; round++) {
            FeatureSummary s = FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
            long t0 = System.nanoTime();
            for (double v : values) {
                s.add(v, weight);
            }
            best = Math.max(best, values.length / ((System.nanoTime() - t0) / 1e9));
        }
        return best;
    }

    /**
     * CPU milliseconds per hour of data for one numeric feature with {@code perHour} values: {streaming,
     * recompute}. Streaming: the hour's updates into its summary and one evaluation (merge the 24 hourly
     * summaries, every method against the frozen baseline summary). Recompute: the same statistics (PSI,
     * KS with p-value, JS, W1) exactly from the raw baseline and window values. Averaged over 48 hours after
     * warming up on 12 (6 after 2 above 10,000 values per hour).
     */
    private static double[] costPerHour(int perHour) {
        Random r = new Random(perHour);
        int baselineHours = 30 * 24;
        FeatureSummary baseline = FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
        double[] raw = new double[baselineHours * perHour];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = r.nextGaussian();
            baseline.add(raw[i], 1);
        }
        DriftPolicy policy = DriftPolicy.defaults();
        ArrayList<FeatureSummary> ring = new ArrayList<>();
        ArrayList<double[]> rawRing = new ArrayList<>();
        long streaming = 0;
        long recompute = 0;
        // recomputing from 30 days of raw values takes seconds per hour at high rates: fewer hours there
        int warmup = perHour > 10_000 ? 2 : 12;
        int measured = perHour > 10_000 ? 6 : 48;
        double sink = 0;
        for (int h = 0; h < warmup + measured; h++) {
            double[] hour = new double[perHour];
            for (int i = 0; i < perHour; i++) {
                hour[i] = r.nextGaussian();
            }
            long t0 = System.nanoTime();
            FeatureSummary s = FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
            for (double v : hour) {
                s.add(v, 1);
            }
            ring.add(s);
            if (ring.size() > 24) {
                ring.remove(0);
            }
            FeatureSummary current = ring.get(0).copy();
            for (int i = 1; i < ring.size(); i++) {
                current.merge(ring.get(i));
            }
            sink += FeatureComparison.compare(baseline, current, policy).get(0).score();
            long t1 = System.nanoTime();
            rawRing.add(hour);
            if (rawRing.size() > 24) {
                rawRing.remove(0);
            }
            double[] window = rawRing.stream().flatMapToDouble(Arrays::stream).toArray();
            sink += Psi.compute(raw, window)
                    + KolmogorovSmirnov.test(raw, window).pValue()
                    + JensenShannon.compute(raw, window, 10, Psi.Binning.QUANTILE)
                    + Wasserstein.distance(raw, window);
            long t2 = System.nanoTime();
            if (h >= warmup) {
                streaming += t1 - t0;
                recompute += t2 - t1;
            }
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException();
        }
        double[] ms = {streaming / 1e6 / measured, recompute / 1e6 / measured};
        System.out.printf(
                "cost per hour of data, %,d values/h: streaming %.2f ms, recompute from raw %.2f ms%n",
                perHour, ms[0], ms[1]);
        return ms;
    }
}
