package io.driftwatch.drift.cli;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Whether a column's share of missing values changed: with missing counts a of N baseline rows and b of M
 * current rows, Δ = b/M − a/N and the pooled share p = (a + b)/(N + M), the share changed when
 * |Δ| ≥ max({@value #MIN_CHANGE}, z·√(p(1−p)(1/N + 1/M))), z = Φ⁻¹(1 − α/2) the normal quantile at the
 * policy's KS significance α. Like the KS rule: the change must be significant (a two-proportion z-test)
 * and at least one percentage point.
 */
final class MissingShare {

    /** The least change in missing share that is reported as a change. */
    static final double MIN_CHANGE = 0.01;

    private MissingShare() {}

    /** The threshold on |Δ| for these row counts (see class doc). */
    static double threshold(
            long missingBaseline, long rowsBaseline, long missingCurrent, long rowsCurrent, double alpha) {
        if (rowsBaseline == 0 || rowsCurrent == 0) {
            return MIN_CHANGE;
        }
        double p = (double) (missingBaseline + missingCurrent) / (rowsBaseline + rowsCurrent);
        double z = new NormalDistribution().inverseCumulativeProbability(1 - alpha / 2);
        double se = Math.sqrt(p * (1 - p) * (1.0 / rowsBaseline + 1.0 / rowsCurrent));
        return Math.max(MIN_CHANGE, z * se);
    }
}
