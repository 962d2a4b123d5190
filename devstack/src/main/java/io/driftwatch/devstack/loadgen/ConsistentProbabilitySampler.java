package io.driftwatch.devstack.loadgen;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Locale;

/**
 * A root-span probability sampler as OpenTelemetry's tracestate probability sampling specifies it:
 * with threshold {@code T = 2^56 − round(p · 2^56)}, a trace is sampled when the 56 least-significant
 * bits of its trace id (its randomness) are at least {@code T}; a sampled span carries
 * {@code ot=th:<T as hex, trailing zeros removed>} in its tracestate, so a consumer can weigh it by
 * {@code 1 / p}. (The SDK's own {@code traceIdRatioBased} decides on other bits and records no
 * threshold.)
 */
final class ConsistentProbabilitySampler implements Sampler {

    private static final long MAX_THRESHOLD = 1L << 56;

    private final double probability;
    private final long threshold;
    private final String otValue;

    ConsistentProbabilitySampler(double probability) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("sampling probability must be in (0, 1], got " + probability);
        }
        this.probability = probability;
        this.threshold = thresholdOf(probability);
        this.otValue = "th:" + thresholdHex(threshold);
    }

    /** {@code 2^56 − round(p · 2^56)}: rounding p's share, not 1 − p's, keeps small probabilities exact. */
    static long thresholdOf(double probability) {
        return MAX_THRESHOLD - Math.round(probability * MAX_THRESHOLD);
    }

    /** The {@code th} value: 14 hex digits of the threshold, trailing zeros removed ("0" for p = 1). */
    static String thresholdHex(long threshold) {
        if (threshold == 0) {
            return "0";
        }
        String hex = String.format(Locale.ROOT, "%014x", threshold);
        int end = hex.length();
        while (hex.charAt(end - 1) == '0') {
            end--;
        }
        return hex.substring(0, end);
    }

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        long randomness = Long.parseUnsignedLong(traceId.substring(18), 16); // the last 14 hex digits = 56 bits
        if (randomness < threshold) {
            return SamplingResult.drop();
        }
        return new SamplingResult() {
            @Override
            public SamplingDecision getDecision() {
                return SamplingDecision.RECORD_AND_SAMPLE;
            }

            @Override
            public Attributes getAttributes() {
                return Attributes.empty();
            }

            @Override
            public TraceState getUpdatedTraceState(TraceState parentTraceState) {
                return parentTraceState.toBuilder().put("ot", otValue).build();
            }
        };
    }

    @Override
    public String getDescription() {
        return "ConsistentProbabilitySampler{p=" + probability + ", th=" + otValue.substring(3) + "}";
    }
}
