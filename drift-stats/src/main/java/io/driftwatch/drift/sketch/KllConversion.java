package io.driftwatch.drift.sketch;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Reads the DataSketches KLL doubles sketches that numeric summaries were before format 3 of feature
 * summaries, for old savepoints. On Java 17 this needs {@code --add-modules=jdk.incubator.foreign}
 * (datasketches-memory 4.x).
 */
final class KllConversion {

    private KllConversion() {}

    /** Adds every retained item of the serialised KLL sketch with its weight to {@code into}. */
    static NumericSummary toSummary(byte[] bytes, NumericSummary into) {
        KllDoublesSketch kll;
        try {
            kll = KllDoublesSketch.heapify(Memory.wrap(bytes));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "not a serialised KLL doubles sketch (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
        if (kll.isEmpty()) {
            return into;
        }
        var view = kll.getSortedView();
        double[] items = view.getQuantiles();
        long[] cumulative = view.getCumulativeWeights();
        long previous = 0;
        for (int i = 0; i < items.length; i++) {
            into.update(items[i], cumulative[i] - previous);
            previous = cumulative[i];
        }
        into.setExtremes(kll.getMinItem(), kll.getMaxItem());
        return into;
    }
}
