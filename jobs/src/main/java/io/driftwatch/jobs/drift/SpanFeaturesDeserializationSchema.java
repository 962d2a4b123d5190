package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.deadletter.DeadLetterSerializer;
import io.driftwatch.connectors.otlp.DecodeResult;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.OtlpTracesDecoder;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.Rejection;
import io.driftwatch.connectors.otlp.SpanRecord;
import io.driftwatch.jobs.pipeline.GroupLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes each Kafka record of an OTLP spans topic, in the Kafka source, into the feature values its
 * spans carry ({@code Left}) and, when anything in it is bad, one dead letter ({@code Right}) holding the
 * original record. Decoding in the source gives every value its span's event time, so watermarks are
 * per Kafka partition, as for metrics.
 *
 * <p>A span attribute named {@code <prefix><name>} is a value of feature {@code name}: numbers (int or
 * double) are numeric values, strings and booleans categories. Each value carries the span's {@link
 * SamplingWeight}, its event time is the span's start, and it belongs to the span's {@code model_name}
 * and {@code model_version} (span, scope or resource attributes; {@code model_name} also from {@code
 * gen_ai.request.model}). Rejected, and dead-lettered: undecodable records, records of an unknown topic,
 * spans with absurd timestamps, spans with a malformed sampling threshold or probability ({@code
 * invalid_sampling}, all their values), and NaN or infinite feature values ({@code non_finite_value},
 * that value only). Good values of a partly bad record still flow.
 */
public final class SpanFeaturesDeserializationSchema
        implements KafkaRecordDeserializationSchema<Either<FeatureObservation, DeadLetter>> {

    private static final long serialVersionUID = 1L;

    /** The element type: a feature value or a dead letter. */
    public static final TypeInformation<Either<FeatureObservation, DeadLetter>> TYPE_INFO =
            new EitherTypeInfo<>(TypeInformation.of(FeatureObservation.class), DeadLetterSerializer.TYPE_INFO);

    private final Map<String, OtlpEncoding> encodings;
    private final DecoderOptions options;
    private final String attributePrefix;
    private final String probabilityAttribute;
    private transient OtlpTracesDecoder decoder;

    public SpanFeaturesDeserializationSchema(Map<String, OtlpEncoding> encodings, DecoderOptions options,
            String attributePrefix, String probabilityAttribute) {
        this.encodings = Map.copyOf(encodings);
        this.options = options;
        this.attributePrefix = attributePrefix;
        this.probabilityAttribute = probabilityAttribute;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<FeatureObservation, DeadLetter>> out) {
        OtlpRecord raw = new OtlpRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value());
        List<Rejection> rejections = new ArrayList<>(0);
        OtlpEncoding encoding = encodings.get(record.topic());
        if (encoding == null) {
            rejections.add(new Rejection(RejectReason.UNKNOWN_TOPIC, "no encoding configured for spans topic "
                    + record.topic(), 0));
        } else {
            if (decoder == null) {
                decoder = new OtlpTracesDecoder(options);
            }
            DecodeResult<SpanRecord> decoded = decoder.decode(record.value(), encoding);
            rejections.addAll(decoded.rejections());
            List<SpanRecord> spans = decoded.accepted();
            for (int i = 0; i < spans.size(); i++) {
                extract(spans.get(i), i, out, rejections);
            }
        }
        if (!rejections.isEmpty()) {
            out.collect(Either.Right(DeadLetter.of(raw, rejections)));
        }
    }

    private void extract(SpanRecord span, int index, Collector<Either<FeatureObservation, DeadLetter>> out,
            List<Rejection> rejections) {
        boolean hasFeatures = false;
        for (String name : span.attributes().keySet()) {
            if (name.startsWith(attributePrefix) && name.length() > attributePrefix.length()) {
                hasFeatures = true;
                break;
            }
        }
        if (!hasFeatures) {
            return;
        }
        long weight;
        try {
            weight = SamplingWeight.of(span.traceState(), span.attributes(), probabilityAttribute);
        } catch (IllegalArgumentException e) {
            rejections.add(new Rejection(RejectReason.INVALID_SAMPLING, where(span, index) + e.getMessage(), 1));
            return;
        }
        String model = GroupLabels.valueOf(span.labels(), "model_name");
        String version = GroupLabels.valueOf(span.labels(), "model_version");
        long time = Math.floorDiv(span.startTimeNanos(), 1_000_000L);
        for (Map.Entry<String, Object> a : span.attributes().entrySet()) {
            String name = a.getKey();
            if (!name.startsWith(attributePrefix) || name.length() == attributePrefix.length()) {
                continue;
            }
            String key = FeatureObservation.keyOf(model, version, name.substring(attributePrefix.length()));
            Object v = a.getValue();
            if (v instanceof Long l) {
                out.collect(Either.Left(FeatureObservation.numeric(key, time, l, weight)));
            } else if (v instanceof Double d) {
                if (Double.isFinite(d)) {
                    out.collect(Either.Left(FeatureObservation.numeric(key, time, d, weight)));
                } else {
                    rejections.add(new Rejection(RejectReason.NON_FINITE_VALUE, where(span, index) + "attribute "
                            + name + " = " + d, 1));
                }
            } else {
                out.collect(Either.Left(FeatureObservation.categorical(key, time, v.toString(), weight)));
            }
        }
    }

    private static String where(SpanRecord span, int index) {
        return "span #" + index + " \"" + span.name() + "\" (trace " + span.traceId() + " span " + span.spanId() + "): ";
    }

    @Override
    public TypeInformation<Either<FeatureObservation, DeadLetter>> getProducedType() {
        return TYPE_INFO;
    }
}
