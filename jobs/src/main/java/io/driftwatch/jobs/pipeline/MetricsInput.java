package io.driftwatch.jobs.pipeline;

import io.driftwatch.connectors.otlp.CardinalityGuardSettings;
import io.driftwatch.connectors.otlp.DecodedOtlpRecord;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.OtlpIngestFunction;
import io.driftwatch.connectors.otlp.OtlpMetricsDeserializationSchema;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.InputTopic;
import io.driftwatch.jobs.config.KafkaConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The shared front of every Driftwatch job: OTLP metrics from the configured Kafka topics, decoded,
 * validated and normalised into {@link MetricPoint}s; bad records to the dead-letter topic.
 *
 * <pre>
 * KafkaSource (decodes each record; event time and watermarks per partition)
 *   ─▶ cardinality guard, rejection counting ─▶ dead letters ─▶ KafkaSink (dead-letter topic)
 *   ─▶ points
 * </pre>
 */
public final class MetricsInput {

    /** Stable operator ids: savepoints map state by them, so they never change. */
    public static final String UID_SOURCE = "otlp-metrics-source";
    public static final String UID_INGEST = "otlp-ingest";
    public static final String UID_DEAD_LETTERS = "dead-letter-sink";

    private MetricsInput() {}

    /**
     * Adds the source, normalisation and dead-letter sink to {@code env}.
     *
     * @param consumedMetrics the OTLP metric names some analysis uses: every point is validated, only
     *     these are normalised into points
     * @return the normalised points of the consumed metrics, in event time
     */
    public static DataStream<MetricPoint> attach(StreamExecutionEnvironment env, DriftwatchConfig config,
            Collection<String> consumedMetrics) {
        KafkaConfig kafka = config.kafka();
        Map<String, OtlpEncoding> encodings = new LinkedHashMap<>();
        for (InputTopic input : kafka.inputs()) {
            encodings.put(input.topic(), OtlpEncoding.parse(input.encoding()));
        }
        DecoderOptions decoderOptions = DecoderOptions.builder()
                .minTimestamp(config.ingest().minTimestamp())
                .maxFutureSkew(config.ingest().maxFutureSkew())
                .consumedMetrics(List.copyOf(consumedMetrics))
                .build();

        WatermarkStrategy<DecodedOtlpRecord> watermarks = WatermarkStrategy
                .<DecodedOtlpRecord>forBoundedOutOfOrderness(config.ingest().maxOutOfOrderness())
                .withTimestampAssigner((record, kafkaTimestamp) -> record.eventTimeMillis());
        if (config.ingest().idlenessDetectionEnabled()) {
            watermarks = watermarks.withIdleness(config.ingest().idleTimeout());
        }
        DataStream<DecodedOtlpRecord> records = env
                .fromSource(kafkaSource(kafka, encodings, decoderOptions), watermarks, "OTLP metrics from Kafka")
                .uid(UID_SOURCE);

        SingleOutputStreamOperator<MetricPoint> points = records
                .process(OtlpIngestFunction.builder()
                        .cardinalityGuard(CardinalityGuardSettings.builder()
                                .dropLabels(config.ingest().dropLabels())
                                .maxSeriesPerMetric(config.ingest().maxSeriesPerMetric())
                                .build())
                        .build())
                .uid(UID_INGEST)
                .name("Normalise OTLP points");

        points.getSideOutput(OtlpIngestFunction.DEAD_LETTERS)
                .sinkTo(Sinks.deadLetters(config))
                .uid(UID_DEAD_LETTERS)
                .name("Dead letters to Kafka");
        return points;
    }

    private static KafkaSource<DecodedOtlpRecord> kafkaSource(KafkaConfig kafka, Map<String, OtlpEncoding> encodings,
            DecoderOptions decoderOptions) {
        var builder = KafkaSource.<DecodedOtlpRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setGroupId(kafka.groupId())
                .setTopics(kafka.topics())
                .setDeserializer(new OtlpMetricsDeserializationSchema(encodings, decoderOptions))
                .setProperties(consumerProperties(kafka))
                .setStartingOffsets(startingOffsets(kafka));
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Where a source starts without a checkpoint, from {@code kafka.starting-offsets}. */
    public static OffsetsInitializer startingOffsets(KafkaConfig kafka) {
        return switch (kafka.startingOffsets()) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    /** Larger fetches than Kafka's defaults (OTLP records are big, and replays read weeks at once); kafka.properties win. */
    public static Properties consumerProperties(KafkaConfig kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));
        p.putAll(kafka.properties());
        return p;
    }
}
