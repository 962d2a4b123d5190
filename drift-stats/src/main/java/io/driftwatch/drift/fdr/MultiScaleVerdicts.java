package io.driftwatch.drift.fdr;

import io.driftwatch.drift.alert.MultiScaleAlert;
import io.driftwatch.drift.alert.MultiScaleAlert.Decision;
import io.driftwatch.drift.alert.ScaleVerdict;
import io.driftwatch.drift.fdr.FeatureVerdict.Rule;
import io.driftwatch.drift.feature.FeatureComparison.Transition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The drift verdicts of one model version's features at one evaluation over both window scales, the current and
 * the short window: {@link ModelVersionVerdicts}' rule with each (feature, window) a hypothesis.
 *
 * <ul>
 *   <li><b>Family.</b> Every (feature, window) whose alert method is KS and whose two sides (baseline and that
 *       window) hold at least the window's minimum of observations ({@code drift.min-samples} for the current
 *       window, {@link io.driftwatch.drift.feature.DriftPolicy#SHORT_WINDOW_MIN_SAMPLES} for the short one),
 *       firing or not; m counts these pairs, so a feature brings up to two hypotheses. Each brings p′ = the KS
 *       p-value at D − ε when D ≥ ks-min-d, else 1 ({@link ScaleResult#gatedPValue()}). The short window's
 *       p-value is its own test of its own data against the same baseline; its overlap with the current window
 *       makes the two positively dependent, which BH's PRDS condition allows.
 *   <li><b>Level.</b> BH runs at q′ = min(q, Σ α_i), the sum over the family's hypotheses of each window's
 *       per-feature significance α_i ({@code ks-alpha}, {@code short-window-alpha}). When nothing drifted, BH
 *       calls anything at all with probability at most q′ (under PRDS), so the family keeps the false-event
 *       budget of the per-feature rule (Σ α_i by the union bound) instead of spending up to q per evaluation.
 *       With equal α_i (the defaults) and q′ = m·α, a hypothesis of rank k with p′ ≤ α has p′ ≤ k·q′/m, so BH
 *       calls a superset of what testing each p′ at α would (it gains where several features drift at once).
 *       FDR ≤ q′ ≤ q either way; q binds only for families with Σ α_i &gt; q (over 10,000 hypotheses at 10⁻⁶
 *       for q = 0.01).
 *   <li><b>Fire.</b> A non-firing feature fires when either window fires: a window in the family iff its
 *       adjusted p′ ≤ q′, a window outside it by its own threshold ({@link io.driftwatch.drift.feature.AlertScale#verdict()});
 *       the event names the current window when both do ({@link MultiScaleAlert}).
 *   <li><b>Resolve.</b> Unchanged: a firing feature resolves when the current window is below resolve-ratio × its
 *       per-feature threshold and the short window below its own or without a verdict ({@link MultiScaleAlert}).
 *       Its windows' p′ still count in the family.
 *   <li><b>{@link FdrLevel#off()}</b>: no family; exactly {@link MultiScaleAlert#decide} on both windows' {@link
 *       io.driftwatch.drift.feature.AlertScale#verdict()}.
 * </ul>
 *
 * <p>The guarantee is per evaluation: the expected share of false (feature, window) calls among those BH makes at
 * one evaluation is at most q·m₀/m. It does not bound the share of false <em>events</em> over a run (see {@link
 * ModelVersionVerdicts}).
 */
public final class MultiScaleVerdicts {

    /**
     * One feature's verdict.
     *
     * @param decision the change (or none) and the window reported ({@link MultiScaleAlert.Decision})
     * @param firing whether the feature fires after this evaluation
     * @param rule {@link Rule#FDR} when the change is a fire decided by BH (the reported window in the family),
     *     else {@link Rule#THRESHOLD} (every resolve: the hysteresis decides)
     * @param adjustedCurrent the current window's BH-adjusted p′, NaN when it is not in the family
     * @param adjustedShort the short window's, NaN when it is not in the family
     */
    public record Verdict(
            String feature,
            Decision decision,
            boolean firing,
            Rule rule,
            double adjustedCurrent,
            double adjustedShort) {

        public Verdict {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(rule, "rule");
        }

        /** The adjusted p′ of {@code window}, NaN when it is not in the family. */
        public double adjusted(MultiScaleAlert.Window window) {
            return window == MultiScaleAlert.Window.SHORT ? adjustedShort : adjustedCurrent;
        }
    }

    private MultiScaleVerdicts() {}

    /**
     * The verdict of each feature, in the order of {@code features}.
     *
     * @throws IllegalArgumentException when a feature appears twice
     */
    public static List<Verdict> decide(List<FeatureScales> features, FdrLevel level) {
        Set<String> seen = new HashSet<>();
        for (FeatureScales f : features) {
            if (!seen.add(f.feature())) {
                throw new IllegalArgumentException("feature " + f.feature() + " appears twice in one evaluation");
            }
        }
        // hypothesis 2i: feature i's current window, 2i + 1: its short window
        double[] gated = new double[2 * features.size()];
        for (int i = 0; i < features.size(); i++) {
            FeatureScales f = features.get(i);
            gated[2 * i] = gated(f.current(), level);
            gated[2 * i + 1] = gated(f.shortWindow(), level);
        }
        double[] adjusted = BenjaminiHochberg.adjust(gated);
        double q = effectiveLevel(features, level);
        List<Verdict> verdicts = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            FeatureScales f = features.get(i);
            double adjCurrent = adjusted[2 * i];
            double adjShort = adjusted[2 * i + 1];
            ScaleVerdict current = f.current().scale().verdict();
            ScaleVerdict shortWindow = f.shortWindow() == null
                    ? ScaleVerdict.NONE
                    : f.shortWindow().scale().verdict();
            if (!f.firing()) { // in the family, BH replaces the window's fire level
                current = Double.isNaN(adjCurrent) ? current : byBh(adjCurrent, q);
                shortWindow = Double.isNaN(adjShort) ? shortWindow : byBh(adjShort, q);
            }
            Decision d = MultiScaleAlert.decide(f.firing(), current, shortWindow);
            Transition t = d.transition();
            boolean firing = t == Transition.NONE ? f.firing() : t == Transition.FIRE;
            boolean byFdr = t == Transition.FIRE
                    && !Double.isNaN(d.window() == MultiScaleAlert.Window.SHORT ? adjShort : adjCurrent);
            verdicts.add(new Verdict(f.feature(), d, firing, byFdr ? Rule.FDR : Rule.THRESHOLD, adjCurrent, adjShort));
        }
        return verdicts;
    }

    private static double gated(ScaleResult s, FdrLevel level) {
        return level.isOff() || s == null || !s.inFamily() ? Double.NaN : s.gatedPValue();
    }

    private static ScaleVerdict byBh(double adjusted, double q) {
        return adjusted <= q ? ScaleVerdict.FIRE : ScaleVerdict.HOLD;
    }

    /**
     * The level BH is run at: min(q, Σ α_i) over the family's hypotheses, α_i the per-feature significance of
     * hypothesis i's window ({@code drift.ks-alpha} or {@code drift.short-window-alpha}); NaN without a family.
     */
    public static double effectiveLevel(List<FeatureScales> features, FdrLevel level) {
        if (level.isOff()) {
            return Double.NaN;
        }
        double sum = 0;
        for (FeatureScales f : features) {
            sum += alphaInFamily(f.current()) + alphaInFamily(f.shortWindow());
        }
        return Math.min(level.q(), sum);
    }

    private static double alphaInFamily(ScaleResult s) {
        return s != null && s.inFamily() ? s.scale().policy().ksAlpha() : 0.0;
    }
}
