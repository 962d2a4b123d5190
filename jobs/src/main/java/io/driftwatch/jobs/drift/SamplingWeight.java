package io.driftwatch.jobs.drift;

import java.util.Map;

/**
 * The sampling weight of a span: how many spans it stands for, 1 / (the probability it was kept with).
 *
 * <p>Read, in this order, from
 * <ol>
 *   <li>the W3C trace state's OpenTelemetry entry {@code ot}, sub-key {@code th} (OpenTelemetry's
 *       consistent probability sampling, e.g. {@code ot=th:c}): the threshold T is the hex digits
 *       right-padded with zeros to 14 digits (56 bits); the span was kept with probability
 *       {@code (2^56 − T) / 2^56}, so its weight (the specification's adjusted count) is
 *       {@code 2^56 / (2^56 − T)}: {@code th:0} (or no {@code th}) weighs 1, {@code th:8} 2, {@code th:c} 4;
 *   <li>else a numeric span attribute holding the sampling probability p ∈ (0, 1] (by default {@code
 *       sampling.probability}): weight 1 / p;
 *   <li>else 1 (the span was not sampled, or its sampler did not say).
 * </ol>
 * The sketches take whole weights: the weight is rounded to the nearest integer ≥ 1, which is exact for
 * the power-of-two probabilities samplers usually use (th:8, th:c, th:e, …).
 */
public final class SamplingWeight {

    private static final int THRESHOLD_DIGITS = 14;
    private static final double TWO_TO_56 = 0x1p56;

    private SamplingWeight() {}

    /**
     * The weight of a span.
     *
     * @throws IllegalArgumentException naming the problem when the {@code th} value or the probability
     *     attribute is present but invalid
     */
    public static long of(String traceState, Map<String, Object> attributes, String probabilityAttribute) {
        String th = threshold(traceState);
        if (th != null) {
            return round(TWO_TO_56 / (TWO_TO_56 - thresholdValue(th)));
        }
        Object p = attributes.get(probabilityAttribute);
        if (p == null) {
            return 1;
        }
        double probability = p instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException(
                    "span attribute " + probabilityAttribute + " = " + p + " is not a probability in (0, 1]");
        }
        return round(1 / probability);
    }

    /** The {@code th} value of the trace state's {@code ot} entry, or null. */
    static String threshold(String traceState) {
        if (traceState == null || traceState.isEmpty()) {
            return null;
        }
        for (String member : traceState.split(",")) {
            String m = member.strip();
            if (!m.startsWith("ot=")) {
                continue;
            }
            for (String field : m.substring(3).split(";")) {
                if (field.startsWith("th:")) {
                    return field.substring(3);
                }
            }
        }
        return null;
    }

    private static double thresholdValue(String th) {
        if (th.isEmpty() || th.length() > THRESHOLD_DIGITS || !th.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("trace state threshold th:" + th + " is not 1 to 14 hex digits");
        }
        String padded = (th + "0".repeat(THRESHOLD_DIGITS)).substring(0, THRESHOLD_DIGITS);
        return Long.parseLong(padded, 16);
    }

    private static long round(double weight) {
        return Math.max(1, Math.round(weight));
    }
}
