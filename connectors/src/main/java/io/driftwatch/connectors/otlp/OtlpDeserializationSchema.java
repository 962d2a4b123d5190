package io.driftwatch.connectors.otlp;

import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes every Kafka record of OTLP metrics topics ({@link #metrics}) or spans topics ({@link #spans}),
 * in the Kafka source itself, into one {@link DecodedOtlp} (see {@link OtlpRecordDecoder}: topic routing,
 * and a decoder exception becomes a rejection). Never throws on content: what does not decode travels on
 * as rejections, to be dead-lettered by the source's consumer ({@link OtlpIngestFunction} for metrics).
 *
 * <p>Decoding here, rather than in a later operator, puts each record's event time on the element the
 * source emits, so that the source can keep one watermark per Kafka partition and a backfill over
 * partitions that progress at different speeds does not make the lagging partitions' items late:
 *
 * <pre>{@code
 * KafkaSource<DecodedOtlp<MetricPoint>> source = KafkaSource.<DecodedOtlp<MetricPoint>>builder()
 *         .setDeserializer(OtlpDeserializationSchema.metrics(topicEncodings, decoderOptions))
 *         ...
 *         .build();
 * env.fromSource(source, WatermarkStrategy.<DecodedOtlp<MetricPoint>>forBoundedOutOfOrderness(maxOutOfOrderness)
 *         .withTimestampAssigner((r, kafkaTimestamp) -> r.eventTimeMillis()), "otlp-metrics");
 * }</pre>
 *
 * @param <T> {@link MetricPoint} or {@link SpanRecord}
 */
public final class OtlpDeserializationSchema<T extends OtlpItem>
        implements KafkaRecordDeserializationSchema<DecodedOtlp<T>> {

    private static final long serialVersionUID = 1L;

    /** Which of the decoder's methods the records go through: an enum, not a lambda, so it serialises plainly. */
    private enum Signal {
        METRICS,
        SPANS
    }

    private final OtlpRecordDecoder decoder;
    private final Signal signal;
    private final TypeInformation<DecodedOtlp<T>> producedType;

    private OtlpDeserializationSchema(
            OtlpRecordDecoder decoder, Signal signal, TypeInformation<DecodedOtlp<T>> producedType) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.signal = signal;
        this.producedType = producedType;
    }

    /** Decodes records as metrics ({@link OtlpRecordDecoder#decode}). */
    public static OtlpDeserializationSchema<MetricPoint> metrics(OtlpRecordDecoder decoder) {
        return new OtlpDeserializationSchema<>(decoder, Signal.METRICS, DecodedOtlpSerializer.METRICS_TYPE_INFO);
    }

    /** Decodes records as spans ({@link OtlpRecordDecoder#decodeSpans}). */
    public static OtlpDeserializationSchema<SpanRecord> spans(OtlpRecordDecoder decoder) {
        return new OtlpDeserializationSchema<>(decoder, Signal.SPANS, DecodedOtlpSerializer.SPANS_TYPE_INFO);
    }

    /**
     * Shorthand for {@code metrics(OtlpRecordDecoder.builder().topics(topicEncodings)
     * .decoderOptions(decoderOptions).build())}.
     *
     * @throws IllegalStateException if {@code topicEncodings} is empty
     */
    public static OtlpDeserializationSchema<MetricPoint> metrics(
            Map<String, OtlpEncoding> topicEncodings, DecoderOptions decoderOptions) {
        return metrics(decoder(topicEncodings, decoderOptions));
    }

    /** Shorthand for {@code spans(OtlpRecordDecoder.builder()...build())}, as {@link #metrics(Map, DecoderOptions)}. */
    public static OtlpDeserializationSchema<SpanRecord> spans(
            Map<String, OtlpEncoding> topicEncodings, DecoderOptions decoderOptions) {
        return spans(decoder(topicEncodings, decoderOptions));
    }

    private static OtlpRecordDecoder decoder(Map<String, OtlpEncoding> topicEncodings, DecoderOptions options) {
        return OtlpRecordDecoder.builder()
                .topics(topicEncodings)
                .decoderOptions(options)
                .build();
    }

    public OtlpRecordDecoder decoder() {
        return decoder;
    }

    /**
     * Emits exactly one {@link DecodedOtlp} per Kafka record. Key and value bytes are passed on without
     * copying; a record without timestamp gets {@link OtlpRecord#timestamp()} -1.
     */
    @Override
    @SuppressWarnings("unchecked") // metrics() and spans() pair each signal with its item type
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedOtlp<T>> out) {
        OtlpRecord raw = new OtlpRecord(
                record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), record.value());
        out.collect((DecodedOtlp<T>)
                switch (signal) {
                    case METRICS -> decoder.decode(raw);
                    case SPANS -> decoder.decodeSpans(raw);
                });
    }

    @Override
    public TypeInformation<DecodedOtlp<T>> getProducedType() {
        return producedType;
    }
}
