package io.driftwatch.devstack.loadgen;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What happens in a replay, on top of the stable traffic of {@link LoadScenario#models}. Options
 * combine; the day numbers count from the scenario's start (day 1 = its first day).
 */
public enum Scenario {
    /** Every model behaves the same throughout. Implied by any combination; alone it adds nothing. */
    STABLE,
    /** {@code fraud-detector v2}'s confidence drops at the start of day 31 (mean 0.85 to 0.70). */
    CONFIDENCE_DROP,
    /**
     * {@code fraud-detector v1}'s inputs drift at the start of day 31: {@code input_length}'s mean moves by
     * +1 standard deviation (PSI about 1), {@code output_length}'s standard deviation doubles (PSI about 0.6); its confidence
     * stays as it was (the drift that a confidence alert alone would miss).
     */
    FEATURE_SHIFT,
    /**
     * A use case with about 5 % of the inferences and about 35 % of the GPU cost: {@code contract_review}
     * on {@code mixtral-8x7b v1}, an oversized model: median 1.6 s per inference (p95 about 4.3 s, over the
     * 2 s SLO) against 0.18 s for the others, at the same GPU price.
     */
    COST_HOTSPOT,
    /** {@code llama-3-8b v2.1}'s process restarts on day 11 (its cumulative counters reset). */
    RESTART,
    /**
     * Every model's confidence and traffic follow a daily and weekly cycle ({@link
     * Seasonality#DAILY_WEEKLY}: a nightly and a weekend dip). Not part of {@code all}: the demo's
     * findings are stated without it.
     */
    SEASONAL;

    /** The demo's options: what {@code --scenario all} means (every option but {@link #SEASONAL}). */
    public static final Set<Scenario> ALL = EnumSet.complementOf(EnumSet.of(SEASONAL));

    /** The name on the command line, e.g. {@code confidence-drop}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a comma-separated list of {@link #cliName()}s, or {@code all} (which combines with {@code
     * seasonal}).
     *
     * @throws IllegalArgumentException naming the unknown option and the known ones
     */
    public static Set<Scenario> parseList(String list) {
        Set<Scenario> out = EnumSet.noneOf(Scenario.class);
        for (String part : list.split(",")) {
            String name = part.trim();
            if (name.equals("all")) {
                out.addAll(ALL);
                continue;
            }
            Scenario found = Arrays.stream(values())
                    .filter(s -> s.cliName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown scenario \"" + name + "\" (known: all, "
                            + Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", ")) + ")"));
            out.add(found);
        }
        return out;
    }
}
