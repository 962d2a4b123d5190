package io.driftwatch.connectors.otlp;

import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes every Kafka record of an OTLP spans topic, in the Kafka source itself, into one {@link
 * DecodedOtlpSpans} (see {@link OtlpRecordDecoder#decodeSpans}): the spans' counterpart of {@link
 * OtlpMetricsDeserializationSchema}, with the same topic routing and the same guard against decoder
 * failures. Never throws on content: what does not decode travels on as rejections, for the consumer of
 * the spans to dead-letter with whatever else it rejects in the record. Decoding here puts each
 * record's event time on the element the source emits, so watermarks are per Kafka partition:
 *
 * <pre>{@code
 * env.fromSource(source, WatermarkStrategy.<DecodedOtlpSpans>forBoundedOutOfOrderness(maxOutOfOrderness)
 *         .withTimestampAssigner((r, kafkaTimestamp) -> r.eventTimeMillis()), "otlp-spans");
 * }</pre>
 */
public final class OtlpSpansDeserializationSchema implements KafkaRecordDeserializationSchema<DecodedOtlpSpans> {

    private static final long serialVersionUID = 1L;

    private final OtlpRecordDecoder decoder;

    public OtlpSpansDeserializationSchema(OtlpRecordDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * Shorthand for {@code new OtlpSpansDeserializationSchema(OtlpRecordDecoder.builder()
     * .topics(topicEncodings).decoderOptions(decoderOptions).build())}.
     *
     * @throws IllegalStateException if {@code topicEncodings} is empty
     */
    public OtlpSpansDeserializationSchema(Map<String, OtlpEncoding> topicEncodings, DecoderOptions decoderOptions) {
        this(OtlpRecordDecoder.builder()
                .topics(topicEncodings)
                .decoderOptions(decoderOptions)
                .build());
    }

    public OtlpRecordDecoder decoder() {
        return decoder;
    }

    /** Emits exactly one {@link DecodedOtlpSpans} per Kafka record; key and value bytes are not copied. */
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedOtlpSpans> out) {
        out.collect(decoder.decodeSpans(new OtlpRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.key(),
                record.value())));
    }

    @Override
    public TypeInformation<DecodedOtlpSpans> getProducedType() {
        return DecodedOtlpSpansSerializer.TYPE_INFO;
    }
}
