package io.driftwatch.drift.confidence;

/**
 * Estimates how many of a histogram's observations are at or below a threshold, e.g. how many
 * inferences had a confidence score {@code <= 0.5}.
 *
 * <p>Where the threshold falls inside a bucket, the observations are assumed uniformly spread over the
 * bucket (linear interpolation), the same assumption as PromQL's {@code histogram_quantile}; the result
 * is then fractional. Where it falls on a bucket boundary, the result is exact.
 */
public final class BucketShare {

    /** The scale range allowed by OTLP for exponential histograms. */
    public static final int MIN_SCALE = -10;

    public static final int MAX_SCALE = 20;

    private BucketShare() {}

    /**
     * The estimated number of observations {@code <= threshold} in an explicit-bucket histogram.
     *
     * <p>Buckets follow the OTLP convention: with {@code n = bounds.length}, bucket {@code 0} holds
     * {@code (-inf, bounds[0]]}, bucket {@code i} (for {@code 0 < i < n}) holds {@code (bounds[i-1],
     * bounds[i]]}, bucket {@code n} holds {@code (bounds[n-1], +inf)}. Each bucket contributes:
     *
     * <ul>
     *   <li>bucket {@code i < n} with {@code bounds[i] <= threshold}: all its count;
     *   <li>bucket {@code 0 < i < n} with {@code bounds[i-1] < threshold < bounds[i]}:
     *       {@code count * (threshold - bounds[i-1]) / (bounds[i] - bounds[i-1])};
     *   <li>bucket {@code 0} with {@code threshold < bounds[0]}: if {@code bounds[0] > 0}, its lower edge is
     *       taken as 0 (scores such as confidences are non-negative) and it contributes
     *       {@code count * max(0, threshold) / bounds[0]}; if {@code bounds[0] <= 0}, its lower edge is
     *       unknown, its observations are taken to sit at {@code bounds[0]}, and it contributes 0 (both as
     *       PromQL's {@code histogram_quantile} treats the lowest bucket);
     *   <li>the open bucket {@code n}: all its count if {@code threshold > bounds[n-1]}, otherwise 0, i.e.
     *       its observations are taken to sit just above {@code bounds[n-1]} (as {@code histogram_quantile}
     *       reports {@code bounds[n-1]} for quantiles in the {@code +Inf} bucket);
     *   <li>any other bucket: 0.
     * </ul>
     *
     * Hence when {@code threshold == bounds[j]} the result is exactly {@code counts[0] + ... + counts[j]}.
     * The sum is accumulated in {@code long} and is exact below 2^53.
     *
     * @param bounds the explicit bounds: finite, strictly increasing, at least one
     * @param counts the bucket counts: {@code bounds.length + 1} of them, none negative
     * @param threshold any value but NaN; {@code -inf} gives 0 and {@code +inf} the total count
     * @throws IllegalArgumentException naming the offending argument and index when any of the above is
     *     violated, including an empty histogram (no bounds)
     */
    public static double countAtOrBelow(double[] bounds, long[] counts, double threshold) {
        validateExplicit(bounds, counts, threshold);
        int n = bounds.length;
        long whole = 0;
        int i = 0;
        while (i < n && bounds[i] <= threshold) {
            whole += counts[i];
            i++;
        }
        if (i == n) {
            // threshold >= the last bound: the open bucket counts only if strictly above it
            return threshold > bounds[n - 1] ? whole + counts[n] : whole;
        }
        // threshold < bounds[i]: bucket i is partly below it, buckets after it not at all
        double partial;
        if (i > 0) {
            partial = counts[i] * ((threshold - bounds[i - 1]) / (bounds[i] - bounds[i - 1]));
        } else if (bounds[0] > 0 && threshold > 0) {
            partial = counts[0] * (threshold / bounds[0]);
        } else {
            partial = 0.0;
        }
        return whole + partial;
    }

    private static void validateExplicit(double[] bounds, long[] counts, double threshold) {
        if (bounds == null || counts == null) {
            throw new IllegalArgumentException("histogram bounds and counts must not be null");
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        if (bounds.length == 0) {
            throw new IllegalArgumentException("histogram has no explicit bounds (" + counts.length
                    + " bucket counts): the share below a threshold is unknown");
        }
        if (counts.length != bounds.length + 1) {
            throw new IllegalArgumentException("histogram has " + counts.length + " bucket counts for " + bounds.length
                    + " bounds; expected " + (bounds.length + 1));
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i])) {
                throw new IllegalArgumentException("histogram bound " + i + " is " + bounds[i]);
            }
            if (i > 0 && !(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must increase strictly: bound " + i + " ("
                        + bounds[i] + ") <= bound " + (i - 1) + " (" + bounds[i - 1] + ")");
            }
        }
        checkCounts(counts, "bucket");
    }

    /**
     * The estimated number of observations {@code <= threshold} in an OTLP exponential histogram.
     *
     * <p>With {@code base = 2^(2^-scale)}: positive bucket index {@code k} (array position {@code
     * k - positiveOffset}) holds values in {@code (base^k, base^(k+1)]}; negative bucket index {@code k}
     * holds values in {@code [-base^(k+1), -base^k)}; the zero bucket holds values with {@code |v| <=
     * zeroThreshold}. Each bucket contributes all its count when its upper edge is {@code <= threshold},
     * nothing when its lower edge is {@code >= threshold}, and otherwise {@code count * (threshold - lower)
     * / (upper - lower)} (uniform within the bucket, as for explicit buckets). The zero bucket spans
     * {@code [-zeroThreshold, zeroThreshold]}; with {@code zeroThreshold == 0} it is the single value 0 and
     * counts fully when {@code threshold >= 0}. Boundaries {@code base^k} are computed as {@code
     * 2^floor(k / 2^scale) * 2^(r / 2^scale)} with {@code r = k mod 2^scale}: exact for integral powers of
     * two, otherwise within an ulp or so, so a threshold on such a boundary is exact up to that rounding.
     *
     * @param scale in [{@value #MIN_SCALE}, {@value #MAX_SCALE}]
     * @param zeroCount non-negative
     * @param zeroThreshold finite, non-negative
     * @param positiveCounts non-null, none negative (may be empty)
     * @param negativeCounts non-null, none negative (may be empty)
     * @param threshold any value but NaN
     * @throws IllegalArgumentException naming the offending argument when any of the above is violated
     */
    public static double countAtOrBelowExponential(
            int scale,
            long zeroCount,
            double zeroThreshold,
            int positiveOffset,
            long[] positiveCounts,
            int negativeOffset,
            long[] negativeCounts,
            double threshold) {
        validateExponential(
                scale,
                zeroCount,
                zeroThreshold,
                positiveOffset,
                positiveCounts,
                negativeOffset,
                negativeCounts,
                threshold);
        double total = 0.0;
        for (int i = 0; i < negativeCounts.length; i++) {
            long c = negativeCounts[i];
            if (c == 0) {
                continue;
            }
            int k = negativeOffset + i;
            total += c * fraction(-power(k + 1, scale), -power(k, scale), threshold);
        }
        if (zeroCount != 0) {
            if (zeroThreshold == 0) {
                total += threshold >= 0 ? zeroCount : 0;
            } else {
                total += zeroCount * fraction(-zeroThreshold, zeroThreshold, threshold);
            }
        }
        for (int i = 0; i < positiveCounts.length; i++) {
            int k = positiveOffset + i;
            double lower = power(k, scale);
            if (lower >= threshold) {
                break; // buckets ascend: none of the rest is below the threshold
            }
            total += positiveCounts[i] * fraction(lower, power(k + 1, scale), threshold);
        }
        return total;
    }

    /** The share of a uniform spread over {@code [lower, upper]} that is {@code <= threshold}. */
    private static double fraction(double lower, double upper, double threshold) {
        if (threshold >= upper) {
            return 1.0;
        }
        if (threshold <= lower) {
            return 0.0;
        }
        return (threshold - lower) / (upper - lower);
    }

    /** {@code base^index} with {@code base = 2^(2^-scale)}. */
    static double power(int index, int scale) {
        if (scale <= 0) {
            long exponent = (long) index << -scale;
            // beyond +-2100, scalb saturates to +inf or 0 anyway; clamping keeps the int argument valid
            return Math.scalb(1.0, (int) Math.max(-2100, Math.min(2100, exponent)));
        }
        int perOctave = 1 << scale;
        int octave = Math.floorDiv(index, perOctave);
        int step = Math.floorMod(index, perOctave);
        return Math.scalb(Math.pow(2.0, (double) step / perOctave), octave);
    }

    private static void validateExponential(
            int scale,
            long zeroCount,
            double zeroThreshold,
            int positiveOffset,
            long[] positiveCounts,
            int negativeOffset,
            long[] negativeCounts,
            double threshold) {
        if (positiveCounts == null || negativeCounts == null) {
            throw new IllegalArgumentException("exponential histogram bucket counts must not be null");
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        if (scale < MIN_SCALE || scale > MAX_SCALE) {
            throw new IllegalArgumentException(
                    "exponential histogram scale " + scale + " is outside [" + MIN_SCALE + ", " + MAX_SCALE + "]");
        }
        if (zeroCount < 0) {
            throw new IllegalArgumentException("exponential histogram zero count is negative (" + zeroCount + ")");
        }
        if (!(zeroThreshold >= 0) || Double.isInfinite(zeroThreshold)) {
            throw new IllegalArgumentException("exponential histogram zero threshold is " + zeroThreshold);
        }
        if ((long) positiveOffset + positiveCounts.length > Integer.MAX_VALUE
                || (long) negativeOffset + negativeCounts.length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("exponential histogram bucket index overflows an int");
        }
        checkCounts(positiveCounts, "positive bucket");
        checkCounts(negativeCounts, "negative bucket");
    }

    private static void checkCounts(long[] counts, String what) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException(what + " count " + i + " is negative (" + counts[i] + ")");
            }
        }
    }
}
