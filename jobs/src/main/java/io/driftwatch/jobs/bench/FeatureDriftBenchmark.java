package io.driftwatch.jobs.bench;

import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.distance.Wasserstein;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureComparison;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.psi.Psi;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.loadgen.FeatureScenario;
import io.driftwatch.jobs.loadgen.FeatureTrafficGenerator;
import io.driftwatch.jobs.loadgen.FeatureTruth;
import io.driftwatch.jobs.loadgen.KafkaOtlpWriter;
import io.driftwatch.jobs.local.EmbeddedKafka;
import io.driftwatch.jobs.local.LocalFiles;
import io.driftwatch.jobs.local.VictoriaMetricsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The feature-drift benchmark, in one run: (1) the sketch update rate on one core, (2) the drift job's
 * end-to-end rate of feature values from Kafka (spans and histograms) to remote write into a real
 * VictoriaMetrics, (3) the job's state per (model, version, feature) with a 30-day baseline, read off a
 * savepoint, (4) the CPU cost per hour of data of the streaming statistics against recomputing them from
 * the raw values every hour. Prints a Markdown table for BENCHMARKS.md.
 *
 * <p>Input: {@link FeatureScenario} over {@code --days D} (default 35) with {@code --spans N} sampled spans
 * per replica and 10-minute export (default 250: 3,000 spans, 9,000 span feature values and 12,000
 * histogram values per hour over two replicas).
 */
public final class FeatureDriftBenchmark {


    public static void main(String[] args) throws Exception {
        int days = 35;
        int spans = 250;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--spans" -> spans = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--days D, --spans N)");
            }
        }
        double updateRate = updateRate(1, false);
        double weightedRate = updateRate(4, false);
        double directRate = updateRate(4, true);
        System.out.printf("sketch update: %,.0f values/s (weight 1), %,.0f values/s (weight 4), %,.0f values/s"
                + " (weight 4 through KLL's update(item, weight)), one thread%n", updateRate, weightedRate, directRate);
        double[] perHour600 = costPerHour(600);
        double[] perHour36k = costPerHour(36_000);

        FeatureScenario scenario = FeatureScenario.builder()
                .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days + 3)))
                .length(Duration.ofDays(days))
                .spansPerExport(spans)
                .histogramValuesPerExport(spans * 2)
                .build();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            kafka.createTopics(2, "feature_metrics", "otlp_spans", "ml.drift.events");
            kafka.createTopics(1, "driftwatch.dead-letters", "driftwatch.remote-write.dead-letters");
            FeatureTruth truth;
            try (KafkaOtlpWriter metrics = new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", "feature_metrics"));
                    KafkaOtlpWriter spanWriter = new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", "otlp_spans"))) {
                truth = FeatureTrafficGenerator.generate(scenario, metrics, spanWriter);
                System.out.printf("input: %,d metrics records (%,d bytes), %,d span records (%,d bytes)%n",
                        metrics.records(), metrics.bytes(), spanWriter.records(), spanWriter.bytes());
            }
            long spanValues = 0;
            long histogramValues = 0;
            for (String f : List.of("amount", "age", "country")) {
                spanValues += truth.hours(f).values().stream().mapToLong(h -> h.weights.size()).sum();
            }
            for (String f : List.of("session_length", "basket_size")) {
                histogramValues += truth.hours(f).values().stream().mapToLong(h -> Arrays.stream(h.bucketCounts).sum()).sum();
            }
            List<String> common = List.of(
                    "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "kafka.inputs[0].topic=feature_metrics",
                    "confidence.enabled=false",
                    "drift.spans.enabled=true",
                    "remote-write.url=" + vm.writeUrl(),
                    "flink.parallelism=2",
                    "flink.checkpoint-interval=10s");
            List<String> bounded = new ArrayList<>(common);
            bounded.addAll(List.of("kafka.bounded=true", "kafka.group-id=bench"));
            DriftwatchConfig config = DriftwatchConfig.load(null, bounded);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    DriftwatchJob.flinkConfiguration(config));
            DriftwatchJob.build(env, config);
            JobExecutionResult result = env.execute("bench-feature-drift");
            double netSeconds = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3;
            System.out.printf("end to end: %,.0f span feature values/s (+ %,.0f histogram values/s) over %.1f s%n",
                    spanValues / netSeconds, histogramValues / netSeconds, netSeconds);

            List<String> unbounded = new ArrayList<>(common);
            unbounded.add("kafka.group-id=bench-state");
            DriftwatchConfig stateConfig = DriftwatchConfig.load(null, unbounded);
            StreamExecutionEnvironment env2 = StreamExecutionEnvironment.getExecutionEnvironment(
                    DriftwatchJob.flinkConfiguration(stateConfig));
            DriftwatchJob.build(env2, stateConfig);
            JobClient job = env2.executeAsync("bench-feature-drift-state");
            Thread.sleep((long) (netSeconds * 1000 * 2) + 10_000);
            Path dir = Files.createTempDirectory("driftwatch-bench-savepoint");
            String savepoint = job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            long savepointBytes = size(Path.of(java.net.URI.create(savepoint)));
            LocalFiles.deleteRecursively(dir);
            int features = 5;
            System.out.printf("state: savepoint %,d bytes for %d features: %,.0f bytes per feature%n", savepointBytes,
                    features, (double) savepointBytes / features);

            System.out.println();
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            System.out.printf("| sketch update (KLL k = 1000), one thread | %,.0f values/s; weight 4: %,.0f (KLL's own weighted update: %,.0f) |%n",
                    updateRate, weightedRate, directRate);
            System.out.printf("| end to end, Kafka → Flink (parallelism 2) → remote write | %,.0f span feature values/s + %,.0f histogram values/s |%n",
                    spanValues / netSeconds, histogramValues / netSeconds);
            System.out.printf("| savepoint bytes per (model, version, feature), 30-day frozen baseline, %d features | %,.0f |%n",
                    features, (double) savepointBytes / features);
            System.out.printf("| CPU per hour of data and feature, 600 values/h: streaming / recompute from raw | %.2f ms / %.2f ms (ratio %.3f) |%n",
                    perHour600[0], perHour600[1], perHour600[0] / perHour600[1]);
            System.out.printf("| CPU per hour of data and feature, 36,000 values/h: streaming / recompute from raw | %.2f ms / %.2f ms (ratio %.3f) |%n",
                    perHour36k[0], perHour36k[1], perHour36k[0] / perHour36k[1]);
        }
    }

    /**
     * Values per second into one numeric summary (k = 1000), best of 3 passes: over 10⁷ uniform values
     * with weight {@code weight}, or over 10⁵ through DataSketches' own weighted update when {@code direct}.
     */
    private static double updateRate(long weight, boolean direct) {
        double[] values = new Random(1).doubles(direct ? 100_000 : 10_000_000).map(u -> u * 100).toArray();
        double best = 0;
        for (int round = 0; round < 3; round++) {
            FeatureSummary s = FeatureSummary.numeric(1000);
            long t0 = System.nanoTime();
            for (double v : values) {
                if (direct) {
                    s.numeric().sketch().update(v, weight);
                } else {
                    s.add(v, weight);
                }
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
        FeatureSummary baseline = FeatureSummary.numeric(1000);
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
            FeatureSummary s = FeatureSummary.numeric(1000);
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
            sink += Psi.compute(raw, window) + KolmogorovSmirnov.test(raw, window).pValue()
                    + JensenShannon.compute(raw, window, 10, Psi.Binning.QUANTILE) + Wasserstein.distance(raw, window);
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
        System.out.printf("cost per hour of data, %,d values/h: streaming %.2f ms, recompute from raw %.2f ms%n",
                perHour, ms[0], ms[1]);
        return ms;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
