package io.driftwatch.connectors.otlp;

import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes every Kafka record of an OTLP metrics topic, in the Kafka source itself, into one {@link
 * DecodedOtlpRecord} (see {@link OtlpRecordDecoder}). Never throws on content: what does not decode
 * travels on as rejections and is dead-lettered by {@link OtlpIngestFunction}.
 *
 * <p>Decoding here, rather than in a later operator, puts each record's event time on the element the
 * source emits, so that the source can keep one watermark per Kafka partition and a backfill over
 * partitions that progress at different speeds does not make the lagging partitions' points late:
 *
 * <pre>{@code
 * KafkaSource<DecodedOtlpRecord> source = KafkaSource.<DecodedOtlpRecord>builder()
 *         .setDeserializer(new OtlpMetricsDeserializationSchema(topicEncodings, decoderOptions))
 *         ...
 *         .build();
 * env.fromSource(source, WatermarkStrategy.<DecodedOtlpRecord>forBoundedOutOfOrderness(maxOutOfOrderness)
 *         .withTimestampAssigner((r, kafkaTimestamp) -> r.eventTimeMillis()), "otlp-metrics");
 * }</pre>
 */
public final class OtlpMetricsDeserializationSchema implements KafkaRecordDeserializationSchema<DecodedOtlpRecord> {

    private static final long serialVersionUID = 1L;

    private final OtlpRecordDecoder decoder;

    public OtlpMetricsDeserializationSchema(OtlpRecordDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * Shorthand for {@code new OtlpMetricsDeserializationSchema(OtlpRecordDecoder.builder()
     * .topics(topicEncodings).decoderOptions(decoderOptions).build())}.
     *
     * @throws IllegalStateException if {@code topicEncodings} is empty
     */
    public OtlpMetricsDeserializationSchema(Map<String, OtlpEncoding> topicEncodings, DecoderOptions decoderOptions) {
        this(OtlpRecordDecoder.builder()
                .topics(topicEncodings)
                .decoderOptions(decoderOptions)
                .build());
    }

    public OtlpRecordDecoder decoder() {
        return decoder;
    }

    /**
     * Emits exactly one {@link DecodedOtlpRecord} per Kafka record. Key and value bytes are passed on
     * without copying; a record without timestamp gets {@link OtlpRecord#timestamp()} -1.
     */
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedOtlpRecord> out) {
        out.collect(decoder.decode(new OtlpRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.key(),
                record.value())));
    }

    @Override
    public TypeInformation<DecodedOtlpRecord> getProducedType() {
        return DecodedOtlpRecordSerializer.TYPE_INFO;
    }
}
