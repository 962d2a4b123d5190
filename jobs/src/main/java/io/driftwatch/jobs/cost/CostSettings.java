package io.driftwatch.jobs.cost;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.cost.attribution.CostKey;
import io.driftwatch.cost.attribution.UsageDeltas;
import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.jobs.config.CostConfig;
import io.driftwatch.jobs.pipeline.GroupKey;
import io.driftwatch.jobs.pipeline.GroupLabels;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cost analysis' settings in the form its operators use them: which points are usage and which
 * are GPU utilisation, how a point becomes a {@link UsageDeltas} of a {@link CostKey}, and the series
 * names and labels.
 *
 * <p>A point's cost key is its {@code use_case}, {@code model_name}, {@code model_version} and
 * {@code environment} labels (read from their semantic-convention aliases when absent, see {@link
 * GroupLabels}; empty when absent under every name).
 */
public final class CostSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Hours of the rolling window: {@code ml:cost:rolling_24h} and every per-window ratio. */
    public static final int WINDOW_HOURS = 24;
    /** The GenAI attribute splitting token usage into {@code input} and {@code output}. */
    public static final String TOKEN_TYPE = "gen_ai.token.type";

    static final List<String> KEY_LABELS = List.of("use_case", "model_name", "model_version", "environment");

    private final CostConfig config;
    private final String seriesPrefix;

    public CostSettings(CostConfig config, String metricPrefix) {
        this.config = config;
        this.seriesPrefix = metricPrefix + "ml:cost:";
    }

    public PriceCatalog catalog() {
        return config.catalog();
    }

    /**
     * The prices of the hour ending {@code hourEndMillis}: those in force at its start (an
     * {@code effective-from} applies to the hours that end after it).
     */
    public PriceCatalog pricesForHourEnding(long hourEndMillis) {
        return pricesForHourEnding(config.catalog(), hourEndMillis);
    }

    /** The prices of {@code catalog} for the hour ending {@code hourEndMillis}, as {@link #pricesForHourEnding(long)}. */
    public static PriceCatalog pricesForHourEnding(PriceCatalog catalog, long hourEndMillis) {
        return catalog.at(hourEndMillis - 3_600_000L);
    }

    public String currency() {
        return config.currency();
    }

    public CostConfig config() {
        return config;
    }

    /** {@code ml:cost:<name>} with the configured prefix. */
    public String series(String name) {
        return seriesPrefix + name;
    }

    /** The OTLP metrics the analysis reads. */
    public List<String> consumedMetrics() {
        CostConfig.CostMetricsConfig m = config.metrics();
        return List.of(m.reportedCost(), m.duration(), m.tokensTotal(), m.tokenUsage(), m.gpuUtilisation());
    }

    /** Whether a point is usage of a cost key (a cost or token counter, a duration or token histogram). */
    public boolean isUsage(MetricPoint p) {
        CostConfig.CostMetricsConfig m = config.metrics();
        String n = p.name();
        if (p.kind() == MetricKind.SUM) {
            return n.equals(m.reportedCost()) || n.equals(m.tokensTotal());
        }
        return p.kind() == MetricKind.HISTOGRAM && (n.equals(m.duration()) || n.equals(m.tokenUsage()));
    }

    /** Whether a point is a GPU's utilisation (a gauge, percent). */
    public boolean isUtilisation(MetricPoint p) {
        return p.kind() == MetricKind.GAUGE && p.name().equals(config.metrics().gpuUtilisation());
    }

    public boolean accepts(MetricPoint p) {
        return isUsage(p) || isUtilisation(p);
    }

    /**
     * A usage point with only the labels the analysis needs (the cost key's and the token type); a
     * utilisation point unchanged, since its labels are the identity of its GPU.
     */
    public MetricPoint project(MetricPoint p) {
        if (isUtilisation(p)) {
            return p;
        }
        TreeMap<String, String> labels = new TreeMap<>();
        for (String name : List.of("use_case", "model_name", "model_version", "environment", TOKEN_TYPE)) {
            String v = GroupLabels.valueOf(p.labels(), name);
            if (!v.isEmpty()) {
                labels.put(name, v);
            }
        }
        String status = p.labels().get(config.errors().label());
        if (status != null && p.name().equals(config.metrics().duration())) {
            labels.put(config.errors().label(), status);
        }
        return p.toBuilder().labels(Labels.of(labels)).build();
    }

    /** The cost key of a usage point, see {@link GroupKey}. */
    public String keyOf(MetricPoint p) {
        return GroupKey.of(
                KEY_LABELS.stream().map(l -> GroupLabels.valueOf(p.labels(), l)).toList());
    }

    /** The cost key a {@link #keyOf} key stands for. */
    public static CostKey costKey(String groupKey) {
        List<String> v = GroupKey.values(groupKey);
        return new CostKey(v.get(0), v.get(1), v.get(2), v.get(3));
    }

    /**
     * What a delta usage point contributes: Δvalue of the cost counter as reported cost; Δsum of the
     * duration histogram as GPU time (ms) and its Δcount as inferences, failed ones too when the series'
     * {@code cost.error-label} has one of {@code cost.error-values}; Δvalue of the token counter as
     * total tokens; Δsum of the token-usage histogram as input or output tokens by {@code
     * gen_ai.token.type} (empty for another type). Token counts are rounded to whole tokens.
     */
    public Optional<UsageDeltas> usageOf(MetricPoint p) {
        CostConfig.CostMetricsConfig m = config.metrics();
        UsageDeltas.Builder b = UsageDeltas.builder();
        String n = p.name();
        if (p.kind() == MetricKind.SUM && n.equals(m.reportedCost())) {
            b.reportedCost(p.value());
        } else if (p.kind() == MetricKind.SUM && n.equals(m.tokensTotal())) {
            b.totalTokens(Math.round(p.value()));
        } else if (n.equals(m.duration())) {
            b.durationMillis(p.sum()).inferences(p.count());
            if (config.errors().failed(p.labels().get(config.errors().label()))) {
                b.failedInferences(p.count());
            }
        } else {
            String type = p.labels().getOrDefault(TOKEN_TYPE, "");
            if (type.equals("input")) {
                b.inputTokens(Math.round(p.sum()));
            } else if (type.equals("output")) {
                b.outputTokens(Math.round(p.sum()));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(b.build());
    }

    /** The labels of a cost key's series: its four labels (empty ones left out by remote write) and {@code currency}. */
    public Labels keyLabels(CostKey k, boolean money) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("use_case", k.useCase());
        labels.put("model_name", k.model());
        labels.put("model_version", k.version());
        labels.put("environment", k.environment());
        if (money) {
            labels.put("currency", currency());
        }
        return Labels.of(labels);
    }

    /** The labels of a use case's series, with {@code currency} for money. */
    public Labels useCaseLabels(String useCase, boolean money) {
        return money ? Labels.of("use_case", useCase, "currency", currency()) : Labels.of("use_case", useCase);
    }
}
