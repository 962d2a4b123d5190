package io.driftwatch.jobs.confidence;

import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.drift.confidence.BucketShare;
import io.driftwatch.drift.confidence.SlotAggregate;

/**
 * A delta histogram point of the confidence metric as an interval's contribution: its Δcount, Δsum and the
 * interpolated count at or below the low threshold ({@link BucketShare}).
 */
record HistogramInput(double lowThreshold) implements IntervalInput<MetricPoint> {

    @Override
    public long timeMillis(MetricPoint p) {
        return p.timeMillis();
    }

    @Override
    public SlotAggregate aggregate(MetricPoint p) {
        if (p.kind() == MetricKind.EXPONENTIAL_HISTOGRAM) {
            double below = BucketShare.countAtOrBelowExponential(
                    p.scale(),
                    p.zeroCount(),
                    p.zeroThreshold(),
                    p.positiveOffset(),
                    p.positiveCounts(),
                    p.negativeOffset(),
                    p.negativeCounts(),
                    lowThreshold);
            return SlotAggregate.of(p.count(), p.sum(), below);
        }
        return SlotAggregate.ofHistogram(p.explicitBounds(), p.bucketCounts(), p.sum(), lowThreshold);
    }
}
