package io.driftwatch.devstack.servers;

import java.util.List;

/**
 * The result of a PromQL query: {@code resultType} is {@code vector} (instant query, one point per
 * series), {@code matrix} (range query), or {@code scalar} / {@code string} (one series without
 * labels and one point).
 */
public record PromQueryResult(String resultType, List<PromSeries> series) {

    public PromQueryResult {
        series = List.copyOf(series);
    }

    /** The only series' only point value; fails unless there is exactly one series with one point. */
    public double singleValue() {
        if (series.size() != 1 || series.get(0).points().size() != 1) {
            throw new IllegalStateException("expected exactly one series with one point, got " + this);
        }
        return series.get(0).points().get(0).value();
    }
}
