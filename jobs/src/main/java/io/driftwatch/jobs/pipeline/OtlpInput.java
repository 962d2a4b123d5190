package io.driftwatch.jobs.pipeline;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.otlp.DecodedOtlp;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.OtlpDeserializationSchema;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.OtlpItem;
import io.driftwatch.connectors.otlp.OtlpRecordDecoder;
import io.driftwatch.jobs.config.CostConfig;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.InputTopic;
import io.driftwatch.jobs.config.KafkaConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * One OTLP input of a job, built the same way for metrics ({@link MetricsInput}) and for the spans of
 * feature drift:
 *
 * <pre>
 * KafkaSource (each record decoded in the source by an {@link OtlpRecordDecoder}: topic routing, and a
 *              decoder exception becomes a rejection; event time and watermarks per Kafka partition)
 *   ─▶ handler ─▶ what the analyses use
 *       └▶ records with rejections, as dead letters ─▶ KafkaSink (kafka.dead-letter-topic)
 * </pre>
 */
public final class OtlpInput {

    /** The stable uid (savepoints map state by it) and the display name of each of an input's operators. */
    public record Operators(
            String sourceUid,
            String sourceName,
            String handlerUid,
            String handlerName,
            String deadLettersUid,
            String deadLettersName) {}

    private OtlpInput() {}

    /**
     * Adds the input to {@code env}.
     *
     * @param inputs the topics to read, each with its OTLP encoding
     * @param deserializer the source's deserialization schema around the input's decoder, {@code
     *     OtlpDeserializationSchema::metrics} or {@code OtlpDeserializationSchema::spans}
     * @param handler turns decoded records into what the analyses use and sends every record with a
     *     rejection, once, to {@code deadLetters}
     * @return the handler's output, in event time
     */
    public static <I extends OtlpItem, T> SingleOutputStreamOperator<T> attach(
            StreamExecutionEnvironment env,
            DriftwatchConfig config,
            List<InputTopic> inputs,
            DecoderOptions decoderOptions,
            Function<OtlpRecordDecoder, OtlpDeserializationSchema<I>> deserializer,
            ProcessFunction<DecodedOtlp<I>, T> handler,
            OutputTag<DeadLetter> deadLetters,
            Operators operators) {
        Map<String, OtlpEncoding> encodings = new LinkedHashMap<>();
        for (InputTopic input : inputs) {
            encodings.put(input.topic(), OtlpEncoding.parse(input.encoding()));
        }
        OtlpRecordDecoder decoder = OtlpRecordDecoder.builder()
                .topics(encodings)
                .decoderOptions(decoderOptions)
                .build();
        List<String> topics = inputs.stream().map(InputTopic::topic).toList();

        WatermarkStrategy<DecodedOtlp<I>> watermarks = WatermarkStrategy.<DecodedOtlp<I>>forBoundedOutOfOrderness(
                        config.ingest().maxOutOfOrderness())
                .withTimestampAssigner((record, kafkaTimestamp) -> record.eventTimeMillis());
        if (config.ingest().idlenessDetectionEnabled()) {
            watermarks = watermarks.withIdleness(config.ingest().idleTimeout());
        }
        SingleOutputStreamOperator<T> out = env.fromSource(
                        kafkaSource(config, topics, deserializer.apply(decoder)), watermarks, operators.sourceName())
                .uid(operators.sourceUid())
                .process(handler)
                .uid(operators.handlerUid())
                .name(operators.handlerName());
        if (config.cost().reprice().active()) {
            return out; // a re-pricing run re-reads records the live job already dead-lettered
        }
        out.getSideOutput(deadLetters)
                .sinkTo(Sinks.deadLetters(config))
                .uid(operators.deadLettersUid())
                .name(operators.deadLettersName());
        return out;
    }

    /**
     * The decoder options every input shares, from {@code ingest}: the plausible timestamp range, the time
     * skew allowed around each record's Kafka timestamp (which keeps one stray timestamp from dragging a
     * partition's watermark, whatever the data's epoch), and the size limits.
     */
    public static DecoderOptions.Builder decoderOptions(DriftwatchConfig config) {
        return DecoderOptions.builder()
                .minTimestamp(config.ingest().minTimestamp())
                .maxFutureSkew(config.ingest().maxFutureSkew())
                .maxAheadOfRecordTime(config.ingest().maxAheadOfRecordTime())
                .maxBehindRecordTime(config.ingest().maxBehindRecordTime())
                .maxRecordBytes(config.ingest().maxRecordBytes())
                .maxLabels(config.ingest().maxLabelsPerPoint());
    }

    private static <R> KafkaSource<R> kafkaSource(
            DriftwatchConfig config, List<String> topics, KafkaRecordDeserializationSchema<R> deserializer) {
        KafkaConfig kafka = config.kafka();
        CostConfig.RepriceConfig reprice = config.cost().reprice();
        var builder = KafkaSource.<R>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setGroupId(kafka.groupId())
                .setTopics(topics)
                .setDeserializer(deserializer)
                .setProperties(consumerProperties(kafka))
                .setStartingOffsets(startingOffsets(kafka));
        if (reprice.active()) {
            builder.setStartingOffsets(OffsetsInitializer.timestamp(reprice.readFromMillis()));
        }
        if (reprice.bounded()) {
            builder.setBounded(OffsetsInitializer.timestamp(reprice.untilMillis() + 1));
        } else if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Where a source starts without a checkpoint, from {@code kafka.starting-offsets}. */
    static OffsetsInitializer startingOffsets(KafkaConfig kafka) {
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
