package io.driftwatch.connectors.otlp.delta;

/**
 * What {@link CumulativeToDelta#convert} did with one point. The caller counts every outcome (one
 * counter per constant) so that no point disappears unaccounted.
 */
public enum DeltaOutcome {
    /** A delta was emitted; the state now remembers this point. */
    EMITTED(true),
    /**
     * First point of a series (no state): no delta is emitted, since nothing is known about what was
     * counted before it; the state is initialised from the point.
     */
    FIRST_POINT(false),
    /**
     * The producer restarted (see {@link CumulativeToDelta} for the detection rules): the point's own
     * cumulative value is emitted as the delta, i.e. what was counted since the restart; the state now
     * remembers this point.
     */
    RESET(true),
    /**
     * The point is older than the remembered one: same start time and an earlier time, or an earlier start
     * time. Dropped; the state is unchanged.
     */
    OUT_OF_ORDER(false),
    /** Same start time and the same time as the remembered point (e.g. a retried export). Dropped; state unchanged. */
    DUPLICATE(false),
    /**
     * Kind, temporality, monotonicity, explicit bounds or exponential zero threshold differ from the remembered
     * point without a restart being detectable: the two cannot be subtracted. No delta; the state is
     * re-initialised from the point, as for a first point.
     */
    SHAPE_CHANGED(false),
    /**
     * The point needs no conversion (gauge, delta-temporality sum or histogram) and is emitted unchanged; any
     * state the series had is cleared.
     */
    PASSTHROUGH(true),
    /**
     * The point is malformed for conversion (see {@link DeltaResult#reason()}). Nothing is emitted and the
     * state is unchanged: the caller sends the point to the dead letters.
     */
    INVALID(false);

    private final boolean emits;

    DeltaOutcome(boolean emits) {
        this.emits = emits;
    }

    /** Whether {@link DeltaResult#delta()} holds a point for this outcome. */
    public boolean emits() {
        return emits;
    }
}
