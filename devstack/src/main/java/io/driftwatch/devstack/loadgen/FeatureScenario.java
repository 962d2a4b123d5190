package io.driftwatch.devstack.loadgen;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A replayable feature-drift scenario for one model version ({@code fraud-detector v2}) served by two
 * replicas, each exporting every {@link #exportInterval()}: histograms of {@code ml.feature.value} for
 * two features, and one OTLP traces record of sampled inference spans whose attributes carry three more.
 * Build with {@link #builder()}; {@link FeatureTrafficGenerator} produces the records and the truth.
 *
 * <table>
 *   <caption>Features</caption>
 *   <tr><th>feature</th><th>source</th><th>values</th><th>during the shift</th></tr>
 *   <tr><td>{@code amount}</td><td>span attribute (double)</td><td>N(100, 20²)</td><td>N(105, 20²): mean +0.25 sd</td></tr>
 *   <tr><td>{@code age}</td><td>span attribute (int)</td><td>round(N(40, 12²)), ties</td><td>stable</td></tr>
 *   <tr><td>{@code country}</td><td>span attribute (string)</td><td>DE .4, FR .3, IT .2, ES .1</td><td>stable</td></tr>
 *   <tr><td>{@code session_length}</td><td>histogram</td><td>N(0, 1)</td><td>N(0, 1.5²): variance only</td></tr>
 *   <tr><td>{@code basket_size}</td><td>histogram</td><td>N(3, 1)</td><td>stable</td></tr>
 * </table>
 *
 * Spans of replica 0 are sampled with probability 1/2 and say so in their trace state ({@code
 * ot=th:8}); those of replica 1 with probability 1/4, said by the attribute {@code sampling.probability}.
 */
public final class FeatureScenario {

    /** Explicit bucket bounds of the feature histograms: −6 to 10 in steps of 0.25. */
    public static final double[] HISTOGRAM_BOUNDS = bounds(-6, 10, 0.25);

    private final Instant start;
    private final Duration length;
    private final Duration exportInterval;
    private final int spansPerExport;
    private final int histogramValuesPerExport;
    private final Instant shiftStart;
    private final Instant shiftEnd;
    private final long seed;

    private FeatureScenario(Builder b) {
        this.start = Objects.requireNonNull(b.start, "start");
        this.length = b.length;
        this.exportInterval = b.exportInterval;
        this.spansPerExport = b.spansPerExport;
        this.histogramValuesPerExport = b.histogramValuesPerExport;
        this.shiftStart = b.shiftStart != null ? b.shiftStart : start.plus(Duration.ofDays(30));
        this.shiftEnd = b.shiftEnd != null ? b.shiftEnd : start.plus(Duration.ofDays(33));
        this.seed = b.seed;
        if (!shiftStart.isBefore(shiftEnd)) {
            throw new IllegalArgumentException("the shift must start before it ends");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Instant start() {
        return start;
    }

    public Duration length() {
        return length;
    }

    public Instant end() {
        return start.plus(length);
    }

    public Duration exportInterval() {
        return exportInterval;
    }
    /** Sampled spans per replica and export. */
    public int spansPerExport() {
        return spansPerExport;
    }
    /** Values recorded into each feature histogram per replica and export. */
    public int histogramValuesPerExport() {
        return histogramValuesPerExport;
    }
    /** Start of the shift of {@code amount} and {@code session_length} (default: day 31, 00:00). */
    public Instant shiftStart() {
        return shiftStart;
    }
    /** End of the shift (default: day 34, 00:00). */
    public Instant shiftEnd() {
        return shiftEnd;
    }

    public long seed() {
        return seed;
    }

    /** Whether values stamped {@code timeMillis} are shifted. */
    public boolean shifted(long timeMillis) {
        return timeMillis > shiftStart.toEpochMilli() && timeMillis <= shiftEnd.toEpochMilli();
    }

    private static double[] bounds(double from, double to, double step) {
        int n = (int) Math.round((to - from) / step) + 1;
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = from + i * step;
        }
        return b;
    }

    /** Builds a {@link FeatureScenario}; defaults: 35 days, exports every 10 minutes, 50 spans and 100 histogram values per replica and export. */
    public static final class Builder {
        private Instant start;
        private Duration length = Duration.ofDays(35);
        private Duration exportInterval = Duration.ofMinutes(10);
        private int spansPerExport = 50;
        private int histogramValuesPerExport = 100;
        private Instant shiftStart;
        private Instant shiftEnd;
        private long seed = 31;

        private Builder() {}

        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        public Builder length(Duration length) {
            this.length = length;
            return this;
        }

        public Builder exportInterval(Duration d) {
            this.exportInterval = d;
            return this;
        }

        public Builder spansPerExport(int n) {
            this.spansPerExport = n;
            return this;
        }

        public Builder histogramValuesPerExport(int n) {
            this.histogramValuesPerExport = n;
            return this;
        }

        public Builder shift(Instant from, Instant to) {
            this.shiftStart = from;
            this.shiftEnd = to;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public FeatureScenario build() {
            return new FeatureScenario(this);
        }
    }
}
