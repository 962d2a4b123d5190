package io.driftwatch.connectors.otlp.delta;

import io.driftwatch.connectors.otlp.MetricPoint;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link CumulativeToDelta#convert}: the outcome, the point to emit (if any), and the state
 * to keep for the series.
 *
 * <p>Caller protocol: count {@link #outcome()}; emit {@link #delta()} if present; if {@link
 * #stateChanged()}, store {@link #state()} (its bytes), or clear the stored state when {@code state()} is
 * {@code null}; on {@link DeltaOutcome#INVALID} dead-letter the input with {@link #reason()}.
 */
public final class DeltaResult {

    private final DeltaOutcome outcome;
    private final MetricPoint delta;
    private final SeriesState state;
    private final boolean stateChanged;
    private final String reason;

    private DeltaResult(
            DeltaOutcome outcome, MetricPoint delta, SeriesState state, boolean stateChanged, String reason) {
        this.outcome = Objects.requireNonNull(outcome);
        this.delta = delta;
        this.state = state;
        this.stateChanged = stateChanged;
        this.reason = reason;
    }

    static DeltaResult emitted(DeltaOutcome outcome, MetricPoint delta, SeriesState newState) {
        return new DeltaResult(outcome, Objects.requireNonNull(delta), newState, true, null);
    }

    static DeltaResult initialised(DeltaOutcome outcome, SeriesState newState) {
        return new DeltaResult(outcome, null, Objects.requireNonNull(newState), true, null);
    }

    static DeltaResult dropped(DeltaOutcome outcome, SeriesState unchanged) {
        return new DeltaResult(outcome, null, unchanged, false, null);
    }

    static DeltaResult passthrough(MetricPoint point, SeriesState previous) {
        return new DeltaResult(DeltaOutcome.PASSTHROUGH, point, null, previous != null, null);
    }

    static DeltaResult invalid(String reason, SeriesState unchanged) {
        return new DeltaResult(DeltaOutcome.INVALID, null, unchanged, false, Objects.requireNonNull(reason));
    }

    public DeltaOutcome outcome() {
        return outcome;
    }

    /** The point to emit: a delta point, or the input itself for {@link DeltaOutcome#PASSTHROUGH}. */
    public Optional<MetricPoint> delta() {
        return Optional.ofNullable(delta);
    }

    /** The state to keep for the series after this point; {@code null} means none (clear it). */
    public SeriesState state() {
        return state;
    }

    /** Whether {@link #state()} differs from the state passed in, i.e. whether the caller must write it. */
    public boolean stateChanged() {
        return stateChanged;
    }

    /** For {@link DeltaOutcome#INVALID}: what is wrong with the point; otherwise {@code null}. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "DeltaResult{" + outcome + (delta != null ? " delta=" + delta : "")
                + (reason != null ? " reason=" + reason : "") + '}';
    }
}
