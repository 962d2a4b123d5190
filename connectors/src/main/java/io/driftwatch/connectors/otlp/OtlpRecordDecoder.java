package io.driftwatch.connectors.otlp;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw OTLP Kafka records, choosing the {@link OtlpEncoding} by the record's topic: records of
 * metrics topics into {@link DecodedOtlp}s of {@link MetricPoint}s ({@link #decode}), records of spans
 * topics into {@link DecodedOtlp}s of {@link SpanRecord}s ({@link #decodeSpans}). Never throws on content:
 *
 * <ul>
 *   <li>a value longer than {@link DecoderOptions#maxRecordBytes()} gives one {@link
 *       RejectReason#RECORD_TOO_LARGE} rejection without being read, and the {@link DecodedOtlp} carries the
 *       record without its value (the dead letter names where to find it), so that memory per record stays
 *       bounded whatever a topic admits;
 *   <li>a topic without a configured encoding gives one {@link RejectReason#UNKNOWN_TOPIC} rejection,
 *       detail {@code topic "<topic>" has no configured OTLP encoding (configured: [<topics, sorted>])};
 *   <li>a {@link RuntimeException} thrown by {@link OtlpMetricsDecoder} or {@link OtlpTracesDecoder} (a
 *       bug, not bad input) is logged and gives one {@link RejectReason#UNDECODABLE} rejection, detail
 *       {@code <encoding config name>: decoder failure <exception>}, so that one record cannot put the job
 *       into a restart loop;
 *   <li>everything else is what {@link OtlpMetricsDecoder#decode(byte[], OtlpEncoding)}, or {@link
 *       OtlpTracesDecoder#decode(byte[], OtlpEncoding)}, returns, given the record's Kafka timestamp for the
 *       time-skew check.
 * </ul>
 *
 * <p>Immutable, thread-safe and {@link Serializable}, so that a Kafka deserialization schema can carry it.
 */
public final class OtlpRecordDecoder implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OtlpRecordDecoder.class);

    private final Map<String, OtlpEncoding> encodings;
    private final DecoderOptions decoderOptions;
    private final String configuredTopics;

    /** Not serializable; stateless, so a racy lazy creation after deserialization is harmless. */
    private transient OtlpMetricsDecoder metricsDecoder;

    private transient OtlpTracesDecoder tracesDecoder;

    private OtlpRecordDecoder(Builder b) {
        this.encodings = Map.copyOf(b.encodings);
        this.decoderOptions = b.decoderOptions;
        this.configuredTopics = new TreeSet<>(encodings.keySet()).toString();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configured topics and their encodings (unmodifiable). */
    public Map<String, OtlpEncoding> topics() {
        return encodings;
    }

    public DecoderOptions decoderOptions() {
        return decoderOptions;
    }

    /** Decodes {@code record}'s value as metrics in its topic's encoding; see the class comment for the failure cases. */
    public DecodedOtlp<MetricPoint> decode(OtlpRecord record) {
        DecodedOtlp<MetricPoint> tooLarge = tooLarge(record);
        return tooLarge != null
                ? tooLarge
                : new DecodedOtlp<>(
                        record,
                        guarded(
                                record,
                                (value, encoding) -> metricsDecoder().decode(value, encoding, record.timestamp())));
    }

    /** Decodes {@code record}'s value as spans in its topic's encoding; see the class comment for the failure cases. */
    public DecodedOtlp<SpanRecord> decodeSpans(OtlpRecord record) {
        DecodedOtlp<SpanRecord> tooLarge = tooLarge(record);
        return tooLarge != null
                ? tooLarge
                : new DecodedOtlp<>(
                        record,
                        guarded(
                                record,
                                (value, encoding) -> tracesDecoder().decode(value, encoding, record.timestamp())));
    }

    /**
     * A record over the size limit, rejected unread and without its value, so that neither decoding nor the
     * dead letter holds it; {@code null} when the record is within the limit.
     */
    private <T extends OtlpItem> DecodedOtlp<T> tooLarge(OtlpRecord record) {
        byte[] value = record.value();
        if (value == null || value.length <= decoderOptions.maxRecordBytes()) {
            return null;
        }
        OtlpRecord withoutValue = new OtlpRecord(
                record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), null);
        return new DecodedOtlp<>(
                withoutValue,
                rejected(new Rejection(
                        RejectReason.RECORD_TOO_LARGE,
                        "the value has " + value.length + " bytes, more than the limit of "
                                + decoderOptions.maxRecordBytes() + " (ingest.max-record-bytes); it was not decoded"
                                + " and is not copied here: read it from " + record.topic() + '-' + record.partition()
                                + " at offset " + record.offset(),
                        0)));
    }

    private <T> DecodeResult<T> guarded(OtlpRecord record, BiFunction<byte[], OtlpEncoding, DecodeResult<T>> decoder) {
        OtlpEncoding encoding = encodings.get(record.topic());
        if (encoding == null) {
            return rejected(new Rejection(
                    RejectReason.UNKNOWN_TOPIC,
                    "topic \"" + record.topic() + "\" has no configured OTLP encoding (configured: " + configuredTopics
                            + ")",
                    0));
        }
        try {
            return decoder.apply(record.value(), encoding);
        } catch (RuntimeException e) {
            LOG.error("OTLP decoder failed on {}; dead-lettering it", record, e);
            return rejected(
                    new Rejection(RejectReason.UNDECODABLE, encoding.configName() + ": decoder failure " + e, 0));
        }
    }

    private OtlpMetricsDecoder metricsDecoder() {
        OtlpMetricsDecoder d = metricsDecoder;
        if (d == null) {
            d = new OtlpMetricsDecoder(decoderOptions);
            metricsDecoder = d;
        }
        return d;
    }

    private OtlpTracesDecoder tracesDecoder() {
        OtlpTracesDecoder d = tracesDecoder;
        if (d == null) {
            d = new OtlpTracesDecoder(decoderOptions);
            tracesDecoder = d;
        }
        return d;
    }

    private static <T> DecodeResult<T> rejected(Rejection rejection) {
        return new DecodeResult<>(List.of(), List.of(rejection), 0);
    }

    @Override
    public String toString() {
        return "OtlpRecordDecoder{topics=" + new TreeMap<>(encodings) + ", " + decoderOptions + '}';
    }

    /** Builds an {@link OtlpRecordDecoder}; at least one topic is required. */
    public static final class Builder {
        private final Map<String, OtlpEncoding> encodings = new HashMap<>();
        private DecoderOptions decoderOptions = DecoderOptions.defaults();

        private Builder() {}

        /** Records from {@code topic} are decoded as {@code encoding}; a later call for the same topic wins. */
        public Builder topic(String topic, OtlpEncoding encoding) {
            encodings.put(Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(encoding, "encoding"));
            return this;
        }

        /** Adds all topic-to-encoding pairs. */
        public Builder topics(Map<String, OtlpEncoding> topicEncodings) {
            topicEncodings.forEach(this::topic);
            return this;
        }

        /** Validation settings; default {@link DecoderOptions#defaults()}. */
        public Builder decoderOptions(DecoderOptions options) {
            this.decoderOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** @throws IllegalStateException if no topic was configured */
        public OtlpRecordDecoder build() {
            if (encodings.isEmpty()) {
                throw new IllegalStateException("configure at least one topic and its OTLP encoding");
            }
            return new OtlpRecordDecoder(this);
        }
    }
}
