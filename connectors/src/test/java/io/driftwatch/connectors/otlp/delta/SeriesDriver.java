package io.driftwatch.connectors.otlp.delta;

import io.driftwatch.connectors.otlp.MetricPoint;

/**
 * Plays the caller's part as the Flink operator does: keeps the state of one series as bytes and
 * follows the {@link DeltaResult} protocol, so every test also exercises the state's byte round trip.
 */
final class SeriesDriver {

    private byte[] stored;
    private DeltaResult last;

    DeltaResult feed(MetricPoint point) {
        SeriesState state = stored == null ? null : SeriesState.fromBytes(stored);
        last = CumulativeToDelta.convert(point, state);
        if (last.stateChanged()) {
            stored = last.state() == null ? null : last.state().toBytes();
        }
        return last;
    }

    /** Feeds a point that must produce a delta and returns that delta. */
    MetricPoint delta(MetricPoint point) {
        DeltaResult r = feed(point);
        if (r.delta().isEmpty()) {
            throw new AssertionError("expected a delta for " + point + ", got " + r);
        }
        return r.delta().get();
    }

    byte[] storedBytes() {
        return stored;
    }
}
