package io.driftwatch.jobs.config;

import io.driftwatch.drift.config.DriftPolicyKeys;
import io.driftwatch.drift.fdr.FdrLevel;
import io.driftwatch.drift.feature.DriftPolicy;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Streaming feature drift (key {@code drift}): where feature values come from, the windows, the
 * sketches and the alerting thresholds. See the README's "Feature drift" section for the exact
 * definitions.
 *
 * @param enabled whether the feature-drift analysis runs
 * @param metric OTLP name of the feature histograms (one per feature, told apart by {@code featureLabel})
 * @param featureLabel the label of {@code metric} naming the feature
 * @param spans feature values from span attributes
 * @param evaluationInterval how often each feature is evaluated; the windows are whole multiples of it
 * @param currentWindow length of the current window compared with the baseline
 * @param shortWindow length of the short window, also compared with the baseline ({@code drift.short-window});
 *     zero when off
 * @param baseline how the baseline is formed
 * @param sketchRelativeAccuracy relative accuracy α of numeric summaries (DDSketch bins)
 * @param maxCategories distinct categories tracked exactly per categorical summary
 * @param policy how features are scored and when drift is called (keys {@code drift.bins} to {@code
 *     drift.resolve-ratio}, declared in {@link DriftPolicyKeys})
 * @param reference reference profiles from training data ({@code drift.baseline.mode: reference})
 * @param segments drift per segment and the roll-ups ({@code drift.segments}, {@code drift.rollups})
 * @param fdr the false discovery rate across a model version's features ({@code drift.fdr-q}), or off
 */
public record DriftConfig(
        boolean enabled,
        String metric,
        String featureLabel,
        SpanFeaturesConfig spans,
        Duration evaluationInterval,
        Duration currentWindow,
        Duration shortWindow,
        BaselineConfig baseline,
        double sketchRelativeAccuracy,
        int maxCategories,
        DriftPolicy policy,
        ReferenceConfig reference,
        SegmentsConfig segments,
        FdrLevel fdr)
        implements Serializable {

    public DriftConfig {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(featureLabel, "featureLabel");
        Objects.requireNonNull(spans, "spans");
        Objects.requireNonNull(evaluationInterval, "evaluationInterval");
        Objects.requireNonNull(currentWindow, "currentWindow");
        Objects.requireNonNull(shortWindow, "shortWindow");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(fdr, "fdr");
    }

    /**
     * Feature drift per segment and its roll-ups (README, "Segments and roll-ups").
     *
     * @param labels labels or span attributes whose values name a segment ({@code drift.segments}); empty: off
     * @param maxPerModel segments admitted per model_name; later ones share the overflow segment ({@code
     *     drift.max-segments-per-model})
     * @param rollups the coarser levels also evaluated, a subset of {@link #ROLLUPS} in that order ({@code
     *     drift.rollups})
     */
    public record SegmentsConfig(List<String> labels, int maxPerModel, List<String> rollups) implements Serializable {

        /** The roll-up levels, finest first: those of {@code confidence.rollups}. */
        public static final List<String> ROLLUPS = ConfidenceConfig.ROLLUPS;

        /** No segments, no roll-ups: one level, the model version. */
        public static final SegmentsConfig OFF = new SegmentsConfig(List.of(), 100, List.of("model_version"));

        public SegmentsConfig {
            labels = List.copyOf(labels);
            rollups = ROLLUPS.stream().filter(rollups::contains).toList();
        }
    }

    /**
     * Reference profiles ({@code drift.baseline.mode: reference}): a model version with a profile on the
     * topic is compared with it; others with {@link #baseline()} (then the fallback, frozen or rolling).
     *
     * @param enabled whether the mode is {@code reference}
     * @param topic the compacted topic of profiles keyed {@code model/version} ({@code drift.reference-topic})
     * @param maxBytes larger profile records are dead-lettered ({@code drift.reference-max-bytes})
     */
    public record ReferenceConfig(boolean enabled, String topic, long maxBytes) implements Serializable {
        public ReferenceConfig {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /**
     * Feature values from span attributes (key {@code drift.spans}).
     *
     * @param enabled whether spans are read
     * @param inputs the topics the OTel Collector's kafka exporter writes spans to
     * @param attributePrefix a span attribute named prefix + name is the value of feature {@code name}
     * @param samplingProbabilityAttribute span attribute holding the probability with which the span was
     *     sampled, used when the trace state carries no OpenTelemetry threshold ({@code ot=th:})
     */
    public record SpanFeaturesConfig(
            boolean enabled, List<InputTopic> inputs, String attributePrefix, String samplingProbabilityAttribute)
            implements Serializable {

        public SpanFeaturesConfig {
            inputs = List.copyOf(inputs);
            Objects.requireNonNull(attributePrefix, "attributePrefix");
            Objects.requireNonNull(samplingProbabilityAttribute, "samplingProbabilityAttribute");
        }

        /** The input topic names. */
        public List<String> topics() {
            return inputs.stream().map(InputTopic::topic).toList();
        }
    }
}
