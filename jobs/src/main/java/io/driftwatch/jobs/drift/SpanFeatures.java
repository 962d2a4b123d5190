package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.otlp.DecodedOtlp;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.Rejection;
import io.driftwatch.connectors.otlp.SpanRecord;
import io.driftwatch.jobs.pipeline.GroupLabels;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The feature values that the spans of one Kafka record carry, and the record's dead letter when
 * anything in it is bad.
 *
 * <p>A span attribute named {@code <prefix><name>} is a value of feature {@code name}: numbers (int or
 * double) are numeric values, strings and booleans categories. Each value carries the span's {@link
 * SamplingWeight}, its event time is the span's start, and it belongs to the span's {@code model_name}
 * and {@code model_version} (span, scope or resource attributes; {@code model_name} also from {@code
 * gen_ai.request.model}), and to its segment: the values of the {@code drift.segments} labels among the same
 * attributes (aliases as {@link GroupLabels}; missing: empty). Rejected, and dead-lettered: what the decoder rejected (undecodable records,
 * records of an unknown topic, spans with absurd timestamps), spans with a malformed sampling threshold
 * or probability ({@code invalid_sampling}, all their values), and NaN or infinite feature values ({@code
 * non_finite_value}, that value only). Good values of a partly bad record still flow.
 */
public final class SpanFeatures implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String attributePrefix;
    private final String probabilityAttribute;
    private final List<String> segments;

    /** Without segments. */
    public SpanFeatures(String attributePrefix, String probabilityAttribute) {
        this(attributePrefix, probabilityAttribute, List.of());
    }

    /** @param segments the {@code drift.segments} labels */
    public SpanFeatures(String attributePrefix, String probabilityAttribute, List<String> segments) {
        this.attributePrefix = attributePrefix;
        this.probabilityAttribute = probabilityAttribute;
        this.segments = List.copyOf(segments);
    }

    /**
     * Emits the feature values of {@code decoded}'s spans to {@code out}.
     *
     * @return one dead letter holding the original record, with the decoder's rejections and the values'
     *     own, or empty when nothing in the record was rejected
     */
    public Optional<DeadLetter> extract(DecodedOtlp<SpanRecord> decoded, Consumer<FeatureObservation> out) {
        List<Rejection> rejections = new ArrayList<>(decoded.result().rejections());
        List<SpanRecord> spans = decoded.result().accepted();
        for (int i = 0; i < spans.size(); i++) {
            extract(spans.get(i), i, out, rejections);
        }
        return rejections.isEmpty() ? Optional.empty() : Optional.of(DeadLetter.of(decoded.record(), rejections));
    }

    private void extract(SpanRecord span, int index, Consumer<FeatureObservation> out, List<Rejection> rejections) {
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
        List<String> segment = new ArrayList<>(segments.size());
        for (String label : segments) {
            segment.add(GroupLabels.valueOf(span.labels(), label));
        }
        long time = span.timeMillis();
        for (Map.Entry<String, Object> a : span.attributes().entrySet()) {
            String name = a.getKey();
            if (!name.startsWith(attributePrefix) || name.length() == attributePrefix.length()) {
                continue;
            }
            String key = FeatureObservation.keyOf(model, version, name.substring(attributePrefix.length()), segment);
            Object v = a.getValue();
            if (v instanceof Long l) {
                out.accept(FeatureObservation.numeric(key, time, l, weight));
            } else if (v instanceof Double d) {
                if (Double.isFinite(d)) {
                    out.accept(FeatureObservation.numeric(key, time, d, weight));
                } else {
                    rejections.add(new Rejection(
                            RejectReason.NON_FINITE_VALUE, where(span, index) + "attribute " + name + " = " + d, 1));
                }
            } else {
                out.accept(FeatureObservation.categorical(key, time, v.toString(), weight));
            }
        }
    }

    private static String where(SpanRecord span, int index) {
        return "span #" + index + " \"" + span.name() + "\" (trace " + span.traceId() + " span " + span.spanId()
                + "): ";
    }
}
