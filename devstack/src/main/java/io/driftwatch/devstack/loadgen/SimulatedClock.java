package io.driftwatch.devstack.loadgen;

import io.opentelemetry.sdk.common.Clock;

/**
 * The event-time clock the generator hands the SDK's providers: it stands wherever the generator
 * sets it, so that days of telemetry replay in seconds with the timestamps a live service would
 * have given them. {@link #nanoTime()} follows the same time, so span durations come out as set.
 * Single-threaded, like the generator.
 */
final class SimulatedClock implements Clock {

    private long epochNanos;

    SimulatedClock(long epochNanos) {
        this.epochNanos = epochNanos;
    }

    /** Moves the clock to {@code epochNanos} (forwards or, between services of one round, back). */
    void set(long epochNanos) {
        this.epochNanos = epochNanos;
    }

    @Override
    public long now() {
        return epochNanos;
    }

    @Override
    public long nanoTime() {
        return epochNanos;
    }
}
