package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.deadletter.DeadLetterSerializer;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.jobs.config.DriftConfig;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.InputTopic;
import io.driftwatch.jobs.delta.SeriesDeltas;
import io.driftwatch.jobs.pipeline.GroupLabels;
import io.driftwatch.jobs.pipeline.MetricsInput;
import io.driftwatch.jobs.pipeline.Sinks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

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
 */
public final class FeatureDriftPipeline {

    /** Stable operator ids: savepoints map state by them, so they never change. */
    static final String UID_DELTA = "feature-cumulative-to-delta";
    static final String UID_SPAN_SOURCE = "otlp-spans-source";
    static final String UID_SPAN_SPLIT = "span-features";
    static final String UID_SPAN_DEAD_LETTERS = "span-dead-letter-sink";
    static final String UID_DRIFT = "feature-drift";

    private static final TypeInformation<FeatureObservation> OBSERVATION = TypeInformation.of(FeatureObservation.class);
    private static final OutputTag<DeadLetter> SPAN_DEAD_LETTERS =
            new OutputTag<>("span-dead-letters", DeadLetterSerializer.TYPE_INFO);

    /** What the analysis produces. */
    public record Outputs(DataStream<PrometheusSample> samples, DataStream<EventRecord> events) {}

    private FeatureDriftPipeline() {}

    /** The OTLP metrics this analysis reads. */
    public static List<String> consumedMetrics(DriftwatchConfig config) {
        return List.of(config.drift().metric());
    }

    /** Adds the analysis to the job. */
    public static Outputs attach(StreamExecutionEnvironment env, DataStream<MetricPoint> points, DriftwatchConfig config) {
        DriftConfig drift = config.drift();
        String metric = drift.metric();
        String featureLabel = drift.featureLabel();
        DataStream<MetricPoint> histograms = points
                .filter(p -> metric.equals(p.name()) && p.kind() == MetricKind.HISTOGRAM)
                .name("Feature histograms");
        DataStream<FeatureObservation> observations = SeriesDeltas.of(histograms, p -> project(p, featureLabel),
                        config.ingest().seriesStateTtl(), UID_DELTA, "Feature")
                .map(p -> FeatureObservation.buckets(FeatureObservation.keyOf(p.labels().getOrDefault("model_name", ""),
                        p.labels().getOrDefault("model_version", ""), p.labels().getOrDefault("feature", "")),
                        p.timeMillis(), p.explicitBounds(), p.bucketCounts()), OBSERVATION)
                .name("Bucket increments");
        if (drift.spans().enabled()) {
            observations = observations.union(spanObservations(env, config));
        }
        SingleOutputStreamOperator<PrometheusSample> samples = observations
                .keyBy(o -> o.key)
                .process(new FeatureDriftFunction(FeatureDriftSettings.of(drift, config.output().metricPrefix())))
                .uid(UID_DRIFT)
                .name("Feature drift");
        return new Outputs(samples, samples.getSideOutput(FeatureDriftFunction.EVENTS));
    }

    /** The point with only (model_name, model_version, feature) as labels, aliases resolved. */
    private static MetricPoint project(MetricPoint p, String featureLabel) {
        return p.toBuilder().labels(Labels.of(
                "model_name", GroupLabels.valueOf(p.labels(), "model_name"),
                "model_version", GroupLabels.valueOf(p.labels(), "model_version"),
                "feature", p.labels().getOrDefault(featureLabel, ""))).build();
    }

    private static DataStream<FeatureObservation> spanObservations(StreamExecutionEnvironment env, DriftwatchConfig config) {
        DriftConfig.SpanFeaturesConfig spans = config.drift().spans();
        Map<String, OtlpEncoding> encodings = new LinkedHashMap<>();
        for (InputTopic input : spans.inputs()) {
            encodings.put(input.topic(), OtlpEncoding.parse(input.encoding()));
        }
        DecoderOptions decoderOptions = DecoderOptions.builder()
                .minTimestamp(config.ingest().minTimestamp())
                .maxFutureSkew(config.ingest().maxFutureSkew())
                .build();
        var builder = KafkaSource.<Either<FeatureObservation, DeadLetter>>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setGroupId(config.kafka().groupId())
                .setTopics(spans.topics())
                .setDeserializer(new SpanFeaturesDeserializationSchema(encodings, decoderOptions,
                        spans.attributePrefix(), spans.samplingProbabilityAttribute()))
                .setProperties(MetricsInput.consumerProperties(config.kafka()))
                .setStartingOffsets(MetricsInput.startingOffsets(config.kafka()));
        if (config.kafka().bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        WatermarkStrategy<Either<FeatureObservation, DeadLetter>> watermarks = WatermarkStrategy
                .<Either<FeatureObservation, DeadLetter>>forBoundedOutOfOrderness(config.ingest().maxOutOfOrderness())
                .withTimestampAssigner((e, kafkaTimestamp) -> e.isLeft() ? e.left().timeMillis : Long.MIN_VALUE);
        if (config.ingest().idlenessDetectionEnabled()) {
            watermarks = watermarks.withIdleness(config.ingest().idleTimeout());
        }
        SingleOutputStreamOperator<FeatureObservation> values = env
                .fromSource(builder.build(), watermarks, "OTLP spans from Kafka")
                .uid(UID_SPAN_SOURCE)
                .process(new SplitDeadLetters())
                .uid(UID_SPAN_SPLIT)
                .name("Span feature values");
        values.getSideOutput(SPAN_DEAD_LETTERS)
                .sinkTo(Sinks.deadLetters(config))
                .uid(UID_SPAN_DEAD_LETTERS)
                .name("Span dead letters to Kafka");
        return values;
    }

    /**
     * Passes feature values on and dead letters to their side output, counting both ({@code
     * driftwatch.drift.span_feature_values}, {@code driftwatch.drift.span_dead_letters}, and per reason
     * {@code driftwatch.drift.reason.<reason>.span_records}).
     */
    static final class SplitDeadLetters extends ProcessFunction<Either<FeatureObservation, DeadLetter>, FeatureObservation> {

        private static final long serialVersionUID = 1L;

        private transient Counter values;
        private transient Counter deadLetters;
        private transient Map<String, Counter> byReason;

        @Override
        public void open(OpenContext openContext) {
            var group = getRuntimeContext().getMetricGroup().addGroup("driftwatch").addGroup("drift");
            values = group.counter("span_feature_values");
            deadLetters = group.counter("span_dead_letters");
            byReason = new LinkedHashMap<>();
        }

        @Override
        public void processElement(Either<FeatureObservation, DeadLetter> e, Context ctx, Collector<FeatureObservation> out) {
            if (e.isLeft()) {
                values.inc();
                out.collect(e.left());
                return;
            }
            deadLetters.inc();
            for (var reason : e.right().reasons()) {
                byReason.computeIfAbsent(reason.label(), r -> getRuntimeContext().getMetricGroup().addGroup("driftwatch")
                        .addGroup("drift").addGroup("reason", r).counter("span_records")).inc();
            }
            ctx.output(SPAN_DEAD_LETTERS, e.right());
        }
    }
}
