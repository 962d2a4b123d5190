package io.driftwatch.devstack.bench;

import io.driftwatch.connectors.otlp.DecodeResult;
import io.driftwatch.connectors.otlp.DecodedOtlp;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.OtlpMetricsDecoder;
import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.OtlpTracesDecoder;
import io.driftwatch.connectors.otlp.SpanRecord;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.SimulatedModel;
import io.driftwatch.jobs.config.DriftConfig;
import io.driftwatch.jobs.drift.FeatureObservation;
import io.driftwatch.jobs.drift.SpanFeatures;
import io.driftwatch.jobs.pipeline.GroupLabels;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The benchmark's input, generated once into memory so that every measure of a run reads the same
 * records: {@code services} replicas, ten per model group, recording into the OpenTelemetry SDK's
 * instruments ({@link LoadGenerator}: confidence, duration by status, tokens, GPU cost, the {@code
 * input_length} and {@code output_length} feature histograms, the GPU utilisation gauge) and exporting
 * every minute for {@code hours} of event time as {@code otlp_proto} metrics records keyed by resource;
 * 10 % of the inferences are traced, their server spans ({@code ml.feature.request_length}, {@code
 * response_length}, {@code channel}) exported one trace per record, keyed by trace id.
 */
final class BenchmarkInput {

    /** The span sampling ratio of the load generator's default: one inference in ten is traced. */
    static final double SPAN_SAMPLE_RATIO = 0.1;

    /** One Kafka record as the collector's kafka exporter would write it. */
    record KafkaRecord(byte[] key, byte[] value, long timeMillis) {}

    /** What the all-analyses job reads of the input, counted with the job's own decoders and span extraction. */
    record Counts(
            long metricPoints,
            long spans,
            long spanFeatureValues,
            Map<String, Integer> seriesByMetric,
            int histogramFeatureKeys,
            int spanFeatureKeys,
            int featureKeys) {

        /** Distinct series (name and labels) of {@code metrics}. */
        long series(Collection<String> metrics) {
            return metrics.stream()
                    .mapToLong(m -> seriesByMetric.getOrDefault(m, 0))
                    .sum();
        }
    }

    final int services;
    final int hours;
    final LoadScenario scenario;
    final double generateSeconds;
    final long metricRecords;
    final long metricBytes;
    final long spanRecords;
    final long spanBytes;
    private List<KafkaRecord> metrics;
    private List<KafkaRecord> spans;

    private BenchmarkInput(
            int services,
            int hours,
            LoadScenario scenario,
            double generateSeconds,
            List<KafkaRecord> metrics,
            List<KafkaRecord> spans) {
        this.services = services;
        this.hours = hours;
        this.scenario = scenario;
        this.generateSeconds = generateSeconds;
        this.metrics = metrics;
        this.spans = spans;
        this.metricRecords = metrics.size();
        this.metricBytes = bytes(metrics);
        this.spanRecords = spans.size();
        this.spanBytes = bytes(spans);
    }

    /** Generates the input on this thread, timing the load generator. */
    static BenchmarkInput generate(int services, int hours) {
        LoadScenario scenario = scenario(services, hours);
        List<KafkaRecord> metrics = new ArrayList<>();
        List<KafkaRecord> spans = new ArrayList<>();
        long t0 = System.nanoTime();
        LoadGenerator.replay(
                scenario,
                (encoding, key, value, t) -> metrics.add(new KafkaRecord(key, value, t)),
                (encoding, key, value, t) -> spans.add(new KafkaRecord(key, value, t)),
                (rounds, total) -> {});
        return new BenchmarkInput(services, hours, scenario, (System.nanoTime() - t0) / 1e9, metrics, spans);
    }

    /**
     * The fleet: {@code services} replicas, ten per model group (model-(g mod 10), version v(g div 10),
     * use_case_(g mod 7), production), exporting every minute for {@code hours} hours, ending at least a
     * day before today (the decoder refuses points from the future).
     */
    static LoadScenario scenario(int services, int hours) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays((hours + 23) / 24 + 2));
        LoadScenario.Builder sb = LoadScenario.builder()
                .start(start)
                .length(Duration.ofHours(hours))
                .exportInterval(Duration.ofMinutes(1))
                .meanInferencesPerInterval(4)
                .spanSampleRatio(SPAN_SAMPLE_RATIO);
        for (int s = 0; s < services; s++) {
            int group = s / 10;
            sb.addModel(SimulatedModel.stable(
                            "model-" + (group % 10),
                            "v" + (group / 10),
                            "use_case_" + (group % 7),
                            "production",
                            "otlp_proto",
                            17,
                            3)
                    .withInstance(s % 10));
        }
        return sb.build();
    }

    /** Model groups (model, version, use case, environment) of the fleet. */
    long groups() {
        return scenario.models().stream()
                .map(SimulatedModel::groupKey)
                .distinct()
                .count();
    }

    /**
     * Counts, with the job's decoders, what the input holds: data points, the series of each metric,
     * span feature values as {@code drift}'s span extraction emits them, and the feature keys (model,
     * version, feature) of {@code drift.metric}'s histograms and of the spans.
     */
    Counts count(DriftConfig drift) {
        OtlpMetricsDecoder metricsDecoder = new OtlpMetricsDecoder(DecoderOptions.defaults());
        long points = 0;
        Map<String, Set<Labels>> series = new HashMap<>();
        Set<String> histogramKeys = new HashSet<>();
        for (KafkaRecord r : records(metrics)) {
            List<MetricPoint> accepted =
                    metricsDecoder.decode(r.value(), OtlpEncoding.OTLP_PROTO).accepted();
            points += accepted.size();
            for (MetricPoint p : accepted) {
                if (series.computeIfAbsent(p.name(), n -> new HashSet<>()).add(p.labels())
                        && p.name().equals(drift.metric())) {
                    histogramKeys.add(FeatureObservation.keyOf(
                            GroupLabels.valueOf(p.labels(), "model_name"),
                            GroupLabels.valueOf(p.labels(), "model_version"),
                            p.labels().getOrDefault(drift.featureLabel(), "")));
                }
            }
        }
        OtlpTracesDecoder spansDecoder = new OtlpTracesDecoder(DecoderOptions.defaults());
        SpanFeatures features =
                new SpanFeatures(drift.spans().attributePrefix(), drift.spans().samplingProbabilityAttribute());
        long spanCount = 0;
        long[] values = {0};
        Set<String> spanKeys = new HashSet<>();
        for (KafkaRecord r : records(spans)) {
            DecodeResult<SpanRecord> decoded = spansDecoder.decode(r.value(), OtlpEncoding.OTLP_PROTO);
            spanCount += decoded.accepted().size();
            features.extract(
                    new DecodedOtlp<>(new OtlpRecord("spans", 0, 0, r.timeMillis(), r.key(), r.value()), decoded),
                    o -> {
                        values[0]++;
                        spanKeys.add(o.key);
                    });
        }
        Map<String, Integer> seriesByMetric = new TreeMap<>();
        series.forEach((name, labels) -> seriesByMetric.put(name, labels.size()));
        Set<String> allKeys = new HashSet<>(histogramKeys);
        allKeys.addAll(spanKeys);
        return new Counts(
                points, spanCount, values[0], seriesByMetric, histogramKeys.size(), spanKeys.size(), allKeys.size());
    }

    /**
     * Points per second of one thread decoding every metrics record ({@link OtlpMetricsDecoder}: protobuf
     * parse, label merge, validation, normalised points), best of {@code passes}.
     */
    double decodeRate(long points, int passes) {
        OtlpMetricsDecoder decoder = new OtlpMetricsDecoder(DecoderOptions.defaults());
        double best = 0;
        for (int pass = 0; pass < passes; pass++) {
            long decoded = 0;
            long t0 = System.nanoTime();
            for (KafkaRecord r : records(metrics)) {
                decoded += decoder.decode(r.value(), OtlpEncoding.OTLP_PROTO)
                        .accepted()
                        .size();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (decoded != points) {
                throw new IllegalStateException("decoded " + decoded + " of " + points + " points");
            }
            best = Math.max(best, decoded / seconds);
        }
        return best;
    }

    /**
     * Writes the metrics records to {@code metricsTopic} and the span records to {@code spansTopic}, then
     * lets the records go: the jobs need the heap more.
     */
    void writeTo(String bootstrapServers, String metricsTopic, String spansTopic) {
        write(bootstrapServers, metricsTopic, records(metrics));
        write(bootstrapServers, spansTopic, records(spans));
        metrics = null;
        spans = null;
    }

    private static void write(String bootstrapServers, String topic, List<KafkaRecord> records) {
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(bootstrapServers, Map.of("otlp_proto", topic))) {
            for (KafkaRecord r : records) {
                writer.send("otlp_proto", r.key(), r.value(), r.timeMillis());
            }
        }
    }

    private static List<KafkaRecord> records(List<KafkaRecord> records) {
        if (records == null) {
            throw new IllegalStateException("the input was already written to Kafka and released");
        }
        return records;
    }

    private static long bytes(List<KafkaRecord> records) {
        return records.stream().mapToLong(r -> r.value().length).sum();
    }
}
