/**
 * False discovery rate control across a model version's features: the Benjamini–Hochberg step-up procedure
 * ({@link io.driftwatch.drift.fdr.BenjaminiHochberg}: adjusted p-values p̃_(i) = min over k ≥ i of min(1,
 * p_(k)·m/k), rejection iff p̃ ≤ q; NaN p-values are not hypotheses) and the per-evaluation drift decision built
 * on it ({@link io.driftwatch.drift.fdr.ModelVersionVerdicts}: KS features fire iff their floor-gated p-value's
 * adjusted value is at most q, resolve by the existing hysteresis; features without a p-value keep their
 * per-feature threshold), and over both window scales ({@link io.driftwatch.drift.fdr.MultiScaleVerdicts}: each
 * (feature, window) a hypothesis, a feature fires when either window does, resolves by the both-below rule). Pure
 * Java, no Flink.
 */
package io.driftwatch.drift.fdr;
