package io.driftwatch.drift.fdr;

import io.driftwatch.drift.fdr.FeatureVerdict.Rule;
import io.driftwatch.drift.feature.AlertScale;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureComparison;
import java.util.ArrayList;
import java.util.List;

/**
 * The drift verdicts of one model version's features at one evaluation, their KS p-values tested together by
 * Benjamini–Hochberg at a false discovery rate q.
 *
 * <p><b>Which part of the per-feature rule BH replaces.</b> Alone, a KS feature fires when D ≥ max(ks-min-d,
 * c(α)·√((n+m)/(n·m)) + ε): an effect floor and a significance test at α per feature (ε the summaries' rank
 * errors). With hundreds of features the per-feature α adds up (200 stable features at α = 0.001 make 0.2 false
 * calls per evaluation wherever the significance term binds). Here the significance term is replaced by BH
 * over the family; the effect floor stays:
 *
 * <ul>
 *   <li><b>Family.</b> The features whose alert method is KS and whose two windows both hold at least {@link
 *       DriftPolicy#minSamples()} observations, firing or not: m is their number. Each brings p′ = the KS
 *       p-value at D − ε ({@link FeatureResult#testedPValue()}) when D ≥ {@link DriftPolicy#ksMinD()}, else 1.
 *       p′ is a valid p-value (under no drift P(p′ ≤ t) ≤ P(p ≤ t) ≤ t) computed from the feature's own data
 *       only, so BH's guarantee holds verbatim: expected share of false calls among the family's rejections at
 *       most q·m₀/m under independent (or PRDS) features. Testing p and requiring the floor afterwards would be
 *       a post-hoc subset of BH's set, with features below the floor still raising the others' thresholds, which
 *       the theorem does not cover.
 *   <li><b>Fire.</b> A non-firing family member fires iff its adjusted p′ is at most q (which implies D ≥
 *       ks-min-d, since q &lt; 1).
 *   <li><b>Resolve.</b> A firing feature resolves by the existing hysteresis, unchanged: D &lt; resolve-ratio ×
 *       its per-feature threshold max(ks-min-d, c(α)·√((n+m)/(n·m)) + ε), at least minimum samples in both
 *       windows. Its p′ still counts in the family (it is a current discovery and lets BH call others).
 *   <li><b>Outside the family</b> (PSI or JS alerts: categorical features by default; fewer than minimum samples):
 *       the per-feature rule, unchanged ({@link FeatureComparison#transition}), adjusted p-value NaN. χ² is not
 *       brought in for categorical features: its p-value is computed on the weighted counts, too small with
 *       sampling weights above 1, and it tests another statistic than the PSI or JS that decides.
 *   <li><b>{@link FdrLevel#off()}</b>: every feature by the per-feature rule, as before.
 * </ul>
 *
 * <p>This is {@link MultiScaleVerdicts} without a short window (the job's rule with both windows).
 *
 * <p>What BH bounds is the share of false features among those called at one evaluation. It does not bound the
 * share of false <em>events</em> over a long run: a drifted feature stays firing (one event) while every false
 * call of a stable feature is a new event, so their ratio grows with the number of evaluations; the false event
 * rate is the per-evaluation rate times the evaluations (see {@code ModelVersionSimulationTest}).
 */
public final class ModelVersionVerdicts {

    private ModelVersionVerdicts() {}

    /**
     * The verdict of each feature, in the order of {@code results}.
     *
     * @throws IllegalArgumentException when a feature appears twice
     */
    public static List<FeatureVerdict> decide(List<FeatureResult> results, DriftPolicy policy, FdrLevel level) {
        // one window per feature: the multi-scale rule without a short window is exactly this one
        List<FeatureScales> scales = new ArrayList<>(results.size());
        for (FeatureResult r : results) {
            AlertScale scale = new AlertScale(r.alert(), r.baselineObservations(), r.currentObservations(), policy);
            scales.add(new FeatureScales(r.feature(), r.firing(), new ScaleResult(scale, r.rankErrors()), null));
        }
        List<MultiScaleVerdicts.Verdict> decided = MultiScaleVerdicts.decide(scales, level);
        List<FeatureVerdict> verdicts = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            MultiScaleVerdicts.Verdict v = decided.get(i);
            double adjusted = v.adjustedCurrent();
            verdicts.add(new FeatureVerdict(
                    v.feature(),
                    v.decision().transition(),
                    v.firing(),
                    Double.isNaN(adjusted) ? Rule.THRESHOLD : Rule.FDR,
                    results.get(i).alert().pValue(),
                    adjusted));
        }
        return verdicts;
    }
}
