package io.driftwatch.connectors.otlp;

import java.io.Serializable;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of a {@link CardinalityGuard}: which label names to drop and how many distinct series to
 * admit per metric name. Immutable and serializable, so Flink functions can carry it.
 */
public final class CardinalityGuardSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Per-request identifiers that make every point its own series, in snake_case and dotted spelling. */
    public static final Set<String> DEFAULT_DROP_LABELS =
            Set.of("user_id", "request_id", "session_id", "user.id", "request.id", "session.id");

    public static final int DEFAULT_MAX_SERIES_PER_METRIC = 10_000;

    private final Set<String> dropLabels;
    private final int maxSeriesPerMetric;

    private CardinalityGuardSettings(Builder b) {
        this.dropLabels = b.dropLabels;
        this.maxSeriesPerMetric = b.maxSeriesPerMetric;
    }

    public static CardinalityGuardSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Label names removed from every point (exact, case-sensitive match). */
    public Set<String> dropLabels() {
        return dropLabels;
    }

    /** The most distinct label sets (after dropping) admitted per metric name. */
    public int maxSeriesPerMetric() {
        return maxSeriesPerMetric;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardinalityGuardSettings
                && dropLabels.equals(((CardinalityGuardSettings) o).dropLabels)
                && maxSeriesPerMetric == ((CardinalityGuardSettings) o).maxSeriesPerMetric;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dropLabels, maxSeriesPerMetric);
    }

    @Override
    public String toString() {
        return "CardinalityGuardSettings{dropLabels=" + dropLabels + ", maxSeriesPerMetric=" + maxSeriesPerMetric + '}';
    }

    /** Builds {@link CardinalityGuardSettings}; defaults are {@link #DEFAULT_DROP_LABELS} and 10,000. */
    public static final class Builder {
        private Set<String> dropLabels = DEFAULT_DROP_LABELS;
        private int maxSeriesPerMetric = DEFAULT_MAX_SERIES_PER_METRIC;

        private Builder() {}

        /** Replaces the drop-list; an empty collection drops nothing. */
        public Builder dropLabels(Collection<String> names) {
            this.dropLabels = Set.copyOf(names);
            return this;
        }

        /** Replaces the drop-list; no arguments drop nothing. */
        public Builder dropLabels(String... names) {
            return dropLabels(Set.of(names));
        }

        /** At least 1. */
        public Builder maxSeriesPerMetric(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxSeriesPerMetric must be at least 1, got " + max);
            }
            this.maxSeriesPerMetric = max;
            return this;
        }

        public CardinalityGuardSettings build() {
            return new CardinalityGuardSettings(this);
        }
    }
}
