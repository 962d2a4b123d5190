package io.driftwatch.drift;

import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Arrays;

/** Input checks shared by the statistics: what an empty or non-finite sample is rejected with. */
public final class Samples {

    private Samples() {}

    /**
     * A sorted copy of {@code values}.
     *
     * @param which names the sample in the error, e.g. {@code "baseline"}
     * @throws IllegalArgumentException naming the sample and index of an empty sample or a NaN or
     *     infinite value
     */
    public static double[] sortedFinite(double[] values, String which) {
        if (values.length == 0) {
            throw new IllegalArgumentException(which + " sample is empty");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        which + " sample value at index " + i + " is not finite: " + values[i]);
            }
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /** @throws IllegalArgumentException naming the summary when it holds no value */
    public static void requireNonEmpty(NumericSummary summary, String which) {
        if (summary.isEmpty()) {
            throw new IllegalArgumentException(which + " summary is empty");
        }
    }
}
