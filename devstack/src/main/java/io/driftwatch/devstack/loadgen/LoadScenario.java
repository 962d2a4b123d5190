package io.driftwatch.devstack.loadgen;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A replayable scenario of inference telemetry: which models, over which event-time span, how
 * often the SDKs export, how many inferences per export interval, which share of them is traced.
 * Build with {@link #builder()}; without explicit models, {@link #models(Instant, Set)} chooses them
 * from the {@link Scenario} options.
 */
public final class LoadScenario {

    /** Explicit bucket bounds of {@code ml.inference.confidence}; 0.6 is an edge on purpose. */
    public static final List<Double> CONFIDENCE_BOUNDS = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95);

    /** Explicit bucket bounds of {@code ml.inference.duration} (ms). */
    public static final List<Double> DURATION_BOUNDS =
            List.of(5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0, 500.0, 750.0, 1000.0, 2500.0, 5000.0, 7500.0, 10000.0);

    /** Explicit bucket bounds of {@code ml.feature.value} (the features are token counts): 0, 20, …, 400. */
    public static final List<Double> FEATURE_BOUNDS = featureBounds();

    private final Instant start;
    private final Duration length;
    private final Duration exportInterval;
    private final int meanInferencesPerInterval;
    private final long seed;
    private final double lowThreshold;
    private final Duration truthInterval;
    private final double spanSampleRatio;
    private final Duration changesAfter;
    private final Set<Scenario> options;
    private final List<SimulatedModel> models;

    private LoadScenario(Builder b) {
        this.start = Objects.requireNonNull(b.start, "start");
        this.length = Objects.requireNonNull(b.length, "length");
        this.exportInterval = Objects.requireNonNull(b.exportInterval, "exportInterval");
        this.meanInferencesPerInterval = b.meanInferencesPerInterval;
        this.seed = b.seed;
        this.lowThreshold = b.lowThreshold;
        this.truthInterval = b.truthInterval;
        this.spanSampleRatio = b.spanSampleRatio;
        this.changesAfter = Objects.requireNonNull(b.changesAfter, "changesAfter");
        this.options = b.options.isEmpty() ? EnumSet.of(Scenario.STABLE) : EnumSet.copyOf(b.options);
        this.models = List.copyOf(b.models.isEmpty() ? models(b.start, changesAfter, options) : b.models);
        if (exportInterval.isZero() || exportInterval.isNegative() || length.compareTo(exportInterval) < 0) {
            throw new IllegalArgumentException(
                    "need 0 < export interval <= length, got " + exportInterval + " and " + length);
        }
        if (meanInferencesPerInterval < 1) {
            throw new IllegalArgumentException(
                    "meanInferencesPerInterval must be >= 1, got " + meanInferencesPerInterval);
        }
        if (!(spanSampleRatio >= 0 && spanSampleRatio <= 1)) {
            throw new IllegalArgumentException("spanSampleRatio must be in [0, 1], got " + spanSampleRatio);
        }
    }

    /**
     * The models of a scenario. Always four model versions over both encodings: {@code fraud-detector
     * v1} (otlp_json) and {@code v2} (otlp_proto) for {@code fraud_scoring}, {@code llama-3-8b v2.1}
     * (otlp_proto, production) and {@code v2.2} (otlp_json, staging) for {@code maintenance_assistant};
     * each {@link Scenario} option then changes or adds one, as documented there.
     */
    public static List<SimulatedModel> models(Instant start, Set<Scenario> options) {
        return models(start, Duration.ofDays(30), options);
    }

    /**
     * The models of {@link #models(Instant, Set)}, with the confidence drop and the feature shift
     * {@code changesAfter} after {@code start} instead of at the start of day 31 (a shorter scenario
     * for a shorter baseline).
     */
    public static List<SimulatedModel> models(Instant start, Duration changesAfter, Set<Scenario> options) {
        Instant changes = start.plus(changesAfter);
        SimulatedModel v1 =
                SimulatedModel.stable("fraud-detector", "v1", "fraud_scoring", "production", "otlp_json", 17, 3);
        SimulatedModel v2 =
                SimulatedModel.stable("fraud-detector", "v2", "fraud_scoring", "production", "otlp_proto", 17, 3);
        SimulatedModel llama21 =
                SimulatedModel.stable("llama-3-8b", "v2.1", "maintenance_assistant", "production", "otlp_proto", 18, 4);
        SimulatedModel llama22 =
                SimulatedModel.stable("llama-3-8b", "v2.2", "maintenance_assistant", "staging", "otlp_json", 16, 4);
        if (options.contains(Scenario.CONFIDENCE_DROP)) {
            v2 = v2.withDrop(changes, 7, 3);
        }
        if (options.contains(Scenario.FEATURE_SHIFT)) {
            v1 = v1.withFeatureShift(changes);
        }
        if (options.contains(Scenario.RESTART)) {
            llama21 = llama21.withRestart(start.plus(Duration.ofDays(10)).plus(Duration.ofMinutes(7)));
        }
        List<SimulatedModel> out = new ArrayList<>(List.of(v1, v2, llama21, llama22));
        if (options.contains(Scenario.COST_HOTSPOT)) {
            // 0.25 of a model's volume among 4.25: 5.9 % of the inferences. An oversized model: 1.6 s median
            // (mean 1.92 s) against 0.18 s (mean 0.22 s) on the same GPU price: 0.25 * 1.92 / (0.25 * 1.92
            // + 4 * 0.22) = 36 % of the GPU cost, and a p95 of about 4.3 s, over the 2 s SLO.
            out.add(SimulatedModel.stable("mixtral-8x7b", "v1", "contract_review", "production", "otlp_proto", 17, 3)
                    .withTraffic(0.25, 1600, SimulatedModel.DEFAULT_GPU_EUR_PER_HOUR));
        }
        return out;
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

    public int meanInferencesPerInterval() {
        return meanInferencesPerInterval;
    }

    public long seed() {
        return seed;
    }

    public double lowThreshold() {
        return lowThreshold;
    }

    public Duration truthInterval() {
        return truthInterval;
    }
    /** When, after {@link #start()}, the confidence drop and the feature shift begin (30 days: day 31). */
    public Duration changesAfter() {
        return changesAfter;
    }
    /** Probability that an inference's span is sampled (and exported). */
    public double spanSampleRatio() {
        return spanSampleRatio;
    }

    public Set<Scenario> options() {
        return options;
    }

    /** The daily and weekly cycle of every model: {@link Seasonality#DAILY_WEEKLY} with {@link Scenario#SEASONAL}. */
    public Seasonality seasonality() {
        return options.contains(Scenario.SEASONAL) ? Seasonality.DAILY_WEEKLY : Seasonality.NONE;
    }

    public List<SimulatedModel> models() {
        return models;
    }

    private static List<Double> featureBounds() {
        List<Double> bounds = new ArrayList<>();
        for (int b = 0; b <= 400; b += 20) {
            bounds.add((double) b);
        }
        return List.copyOf(bounds);
    }

    /** Builds a {@link LoadScenario}. */
    public static final class Builder {
        private Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(36));
        private Duration length = Duration.ofDays(35);
        private Duration exportInterval = Duration.ofMinutes(5);
        private int meanInferencesPerInterval = 40;
        private long seed = 42;
        private double lowThreshold = 0.6;
        private Duration truthInterval = Duration.ofHours(1);
        private double spanSampleRatio = 0.1;
        private Duration changesAfter = Duration.ofDays(30);
        private final Set<Scenario> options = EnumSet.noneOf(Scenario.class);
        private final List<SimulatedModel> models = new ArrayList<>();

        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        public Builder length(Duration length) {
            this.length = length;
            return this;
        }

        public Builder exportInterval(Duration exportInterval) {
            this.exportInterval = exportInterval;
            return this;
        }

        public Builder meanInferencesPerInterval(int n) {
            this.meanInferencesPerInterval = n;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder lowThreshold(double lowThreshold) {
            this.lowThreshold = lowThreshold;
            return this;
        }

        public Builder truthInterval(Duration truthInterval) {
            this.truthInterval = truthInterval;
            return this;
        }

        public Builder spanSampleRatio(double ratio) {
            this.spanSampleRatio = ratio;
            return this;
        }
        /** When the confidence drop and the feature shift begin, after the start (default 30 days). */
        public Builder changesAfter(Duration changesAfter) {
            this.changesAfter = changesAfter;
            return this;
        }
        /** Adds scenario options (they choose no models when models are added explicitly; {@code seasonal} still applies). */
        public Builder options(Set<Scenario> more) {
            this.options.addAll(more);
            return this;
        }
        /** Adds a model explicitly; then the options choose no models. */
        public Builder addModel(SimulatedModel model) {
            this.models.add(model);
            return this;
        }

        public LoadScenario build() {
            return new LoadScenario(this);
        }
    }
}
