package io.driftwatch.jobs.loadgen;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A replayable scenario of inference telemetry: which models, over which event-time span, how
 * often the SDK exports, how many inferences per export interval. Build with {@link #builder()}.
 */
public final class ConfidenceScenario {

    /** Explicit bucket bounds of {@code ml.inference.confidence}; 0.6 is an edge on purpose. */
    public static final double[] CONFIDENCE_BOUNDS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};

    /** Explicit bucket bounds of {@code ml.inference.duration} (ms). */
    public static final double[] DURATION_BOUNDS = {5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000};

    private final Instant start;
    private final Duration length;
    private final Duration exportInterval;
    private final int meanInferencesPerInterval;
    private final long seed;
    private final double lowThreshold;
    private final Duration truthInterval;
    private final List<SimulatedModel> models;

    private ConfidenceScenario(Builder b) {
        this.start = Objects.requireNonNull(b.start, "start");
        this.length = b.length;
        this.exportInterval = b.exportInterval;
        this.meanInferencesPerInterval = b.meanInferencesPerInterval;
        this.seed = b.seed;
        this.lowThreshold = b.lowThreshold;
        this.truthInterval = b.truthInterval;
        this.models = List.copyOf(b.models.isEmpty() ? defaultModels(b.start) : b.models);
        if (exportInterval.isZero() || exportInterval.isNegative() || length.compareTo(exportInterval) < 0) {
            throw new IllegalArgumentException("need 0 < export interval <= length");
        }
        if (meanInferencesPerInterval < 1) {
            throw new IllegalArgumentException("meanInferencesPerInterval must be >= 1");
        }
    }

    /**
     * The foundation scenario: four model versions over both encodings. {@code fraud-detector v2}'s
     * confidence drops at the start of day 31 (mean 0.85 to 0.70); {@code llama-3-8b v2.1}'s process restarts on
     * day 10 (a counter reset).
     */
    public static List<SimulatedModel> defaultModels(Instant start) {
        return List.of(
                SimulatedModel.stable("fraud-detector", "v1", "fraud_scoring", "production", "otlp_json", 17, 3),
                SimulatedModel.stable("fraud-detector", "v2", "fraud_scoring", "production", "otlp_proto", 17, 3)
                        .withDrop(start.plus(Duration.ofDays(30)), 7, 3),
                SimulatedModel.stable("llama-3-8b", "v2.1", "maintenance_assistant", "production", "otlp_proto", 18, 4)
                        .withRestart(start.plus(Duration.ofDays(10)).plus(Duration.ofMinutes(7))),
                SimulatedModel.stable("llama-3-8b", "v2.2", "maintenance_assistant", "staging", "otlp_json", 16, 4));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Instant start() { return start; }
    public Duration length() { return length; }
    public Instant end() { return start.plus(length); }
    public Duration exportInterval() { return exportInterval; }
    public int meanInferencesPerInterval() { return meanInferencesPerInterval; }
    public long seed() { return seed; }
    public double lowThreshold() { return lowThreshold; }
    public Duration truthInterval() { return truthInterval; }
    public List<SimulatedModel> models() { return models; }

    /** Builds a {@link ConfidenceScenario}. */
    public static final class Builder {
        private Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(36));
        private Duration length = Duration.ofDays(35);
        private Duration exportInterval = Duration.ofMinutes(5);
        private int meanInferencesPerInterval = 40;
        private long seed = 42;
        private double lowThreshold = 0.6;
        private Duration truthInterval = Duration.ofHours(1);
        private final List<SimulatedModel> models = new ArrayList<>();

        public Builder start(Instant start) { this.start = start; return this; }
        public Builder length(Duration length) { this.length = length; return this; }
        public Builder exportInterval(Duration exportInterval) { this.exportInterval = exportInterval; return this; }
        public Builder meanInferencesPerInterval(int n) { this.meanInferencesPerInterval = n; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder lowThreshold(double lowThreshold) { this.lowThreshold = lowThreshold; return this; }
        public Builder truthInterval(Duration truthInterval) { this.truthInterval = truthInterval; return this; }
        public Builder addModel(SimulatedModel model) { this.models.add(model); return this; }

        public ConfidenceScenario build() {
            return new ConfidenceScenario(this);
        }
    }
}
