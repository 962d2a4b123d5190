package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.OtlpDeserializationSchema;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.jobs.config.DriftConfig;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.delta.SeriesDeltas;
import io.driftwatch.jobs.pipeline.GroupLabels;
import io.driftwatch.jobs.pipeline.OtlpInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The feature-drift analysis: feature values from histograms and from span attributes to the {@code
 * ml_feature_drift_*} series and the {@code feature_drift} events.
 *
 * <pre>
 * points ─▶ feature histograms ─▶ keyBy(series) cumulative→delta ─▶ bucket increments ─┐
 * KafkaSource(spans; decoded per partition) ─▶ values ──────────────────────────────────┼▶ keyBy(model, version, feature)
 *                                          └▶ dead letters ─▶ KafkaSink                  │   {@link FeatureDriftFunction}
 *                                                                         samples ◀──────┴─▶ events
 * </pre>
 *
 * <p>With {@code drift.fdr-q} on, the drift operator's evaluations go instead to {@link
 * ModelVersionVerdictFunction}, keyed by (model_name, model_version), which writes the verdicts and the events.
 *
 * <p>The spans come from an {@link OtlpInput}, as the metrics do, whose handler is {@link SpanFeaturesFunction}.
 *
 * <p>With {@code drift.segments} the key also holds the segment (the segment labels' values), the
 * observations pass a keyBy(model_name) {@link SegmentAdmission} first, and the drift operator is the
 * segment level; each roll-up ({@code drift.rollups}) is one more drift operator, fed the closed interval
 * summaries of the level before ({@link FeatureDriftFunction#SUMMARIES}):
 *
 * <pre>
 * observations ─▶ keyBy(model) admission ─▶ keyBy(key) segments ─▶ keyBy(model, version, feature) ─▶ keyBy(model, feature) ─▶ keyBy(feature)
 * </pre>
 */
public final class FeatureDriftPipeline {

    /** Stable operator ids: savepoints map state by them, so they never change. */
    static final String UID_DELTA = "feature-cumulative-to-delta";

    static final String UID_SPAN_SOURCE = "otlp-spans-source";
    static final String UID_SPAN_SPLIT = "span-features";
    static final String UID_SPAN_DEAD_LETTERS = "span-dead-letter-sink";
    static final String UID_SEGMENT_ADMISSION = "feature-segment-admission";

    private static final TypeInformation<FeatureObservation> OBSERVATION = TypeInformation.of(FeatureObservation.class);

    /** What the analysis produces. */
    public record Outputs(DataStream<PrometheusSample> samples, DataStream<EventRecord> events) {}

    private FeatureDriftPipeline() {}

    /** The OTLP metrics this analysis reads. */
    public static List<String> consumedMetrics(DriftwatchConfig config) {
        return List.of(config.drift().metric());
    }

    /** Adds the analysis to the job. */
    public static Outputs attach(
            StreamExecutionEnvironment env, DataStream<MetricPoint> points, DriftwatchConfig config) {
        DriftConfig drift = config.drift();
        String metric = drift.metric();
        String featureLabel = drift.featureLabel();
        List<String> segments = drift.segments().labels();
        DataStream<MetricPoint> histograms = points.filter(
                        p -> metric.equals(p.name()) && p.kind() == MetricKind.HISTOGRAM)
                .name("Feature histograms");
        DataStream<FeatureObservation> observations = SeriesDeltas.of(
                        histograms,
                        p -> project(p, featureLabel, segments),
                        config.ingest().seriesStateTtl(),
                        UID_DELTA,
                        "Feature")
                .map(
                        p -> FeatureObservation.buckets(
                                FeatureObservation.keyOf(
                                        p.labels().getOrDefault("model_name", ""),
                                        p.labels().getOrDefault("model_version", ""),
                                        p.labels().getOrDefault("feature", ""),
                                        segmentOf(p.labels(), segments)),
                                p.timeMillis(),
                                p.explicitBounds(),
                                p.bucketCounts()),
                        OBSERVATION)
                .name("Bucket increments");
        if (drift.spans().enabled()) {
            observations = observations.union(spanObservations(env, config));
        }
        if (!segments.isEmpty()) {
            observations = observations
                    .keyBy(SegmentAdmission::modelOf)
                    .process(new SegmentAdmission(drift.segments().maxPerModel(), segments.size()), OBSERVATION)
                    .uid(UID_SEGMENT_ADMISSION)
                    .name("Segment admission");
        }
        FeatureDriftSettings settings =
                FeatureDriftSettings.of(drift, config.output().metricPrefix());
        BroadcastStream<ReferenceUpdate> references = ReferenceUpdates.attach(env, config);
        DataStream<PrometheusSample> samples = null;
        DataStream<EventRecord> events = null;
        for (FeatureLevel level : settings.levels()) {
            SingleOutputStreamOperator<PrometheusSample> out = observations
                    .keyBy(o -> o.key)
                    .connect(references)
                    .process(new FeatureDriftFunction(settings, level))
                    .uid(level.uid())
                    .name(level.operatorName());
            DataStream<PrometheusSample> levelSamples = out;
            DataStream<EventRecord> levelEvents = out.getSideOutput(FeatureDriftFunction.EVENTS);
            if (!settings.fdr().isOff()) {
                SingleOutputStreamOperator<PrometheusSample> verdicts = attachVerdicts(out, settings, level);
                levelSamples = out.union(verdicts);
                levelEvents = verdicts.getSideOutput(FeatureDriftFunction.EVENTS);
            }
            samples = samples == null ? levelSamples : samples.union(levelSamples);
            events = events == null ? levelEvents : events.union(levelEvents);
            observations = out.getSideOutput(FeatureDriftFunction.SUMMARIES);
        }
        return new Outputs(samples, events);
    }

    /**
     * The model versions' verdicts ({@code drift.fdr-q} on): {@link ModelVersionVerdictFunction} over the
     * evaluations {@code drift} emits, keyed by (model_name, model_version); its events are on {@link
     * FeatureDriftFunction#EVENTS}.
     */
    static SingleOutputStreamOperator<PrometheusSample> attachVerdicts(
            SingleOutputStreamOperator<PrometheusSample> drift, FeatureDriftSettings settings, FeatureLevel level) {
        return drift.getSideOutput(FeatureDriftFunction.EVALUATIONS)
                .keyBy(ModelVersionVerdictFunction::keyOf)
                .process(new ModelVersionVerdictFunction(settings, level))
                .uid(level.verdictsUid())
                .name(level.operatorName() + " verdicts");
    }

    /**
     * The point with only (model_name, model_version, feature) and the segment labels as labels, aliases
     * resolved: the series whose cumulative counts are turned into increments.
     */
    private static MetricPoint project(MetricPoint p, String featureLabel, List<String> segments) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String s : segments) {
            labels.put(s, GroupLabels.valueOf(p.labels(), s));
        }
        labels.put("model_name", GroupLabels.valueOf(p.labels(), "model_name"));
        labels.put("model_version", GroupLabels.valueOf(p.labels(), "model_version"));
        labels.put("feature", p.labels().getOrDefault(featureLabel, ""));
        return p.toBuilder().labels(Labels.of(labels)).build();
    }

    /** The values of the segment labels of a projected point. */
    private static List<String> segmentOf(Labels labels, List<String> segments) {
        return segments.stream().map(s -> labels.getOrDefault(s, "")).toList();
    }

    /** The spans input: an {@link OtlpInput} whose handler turns span attributes into feature values. */
    private static DataStream<FeatureObservation> spanObservations(
            StreamExecutionEnvironment env, DriftwatchConfig config) {
        DriftConfig.SpanFeaturesConfig spans = config.drift().spans();
        return OtlpInput.attach(
                env,
                config,
                spans.inputs(),
                OtlpInput.decoderOptions(config).build(),
                OtlpDeserializationSchema::spans,
                new SpanFeaturesFunction(new SpanFeatures(
                        spans.attributePrefix(),
                        spans.samplingProbabilityAttribute(),
                        config.drift().segments().labels())),
                SpanFeaturesFunction.DEAD_LETTERS,
                new OtlpInput.Operators(
                        UID_SPAN_SOURCE,
                        "OTLP spans from Kafka",
                        UID_SPAN_SPLIT,
                        "Span feature values",
                        UID_SPAN_DEAD_LETTERS,
                        "Span dead letters to Kafka"));
    }
}
