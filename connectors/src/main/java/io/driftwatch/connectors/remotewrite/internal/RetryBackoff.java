package io.driftwatch.connectors.remotewrite.internal;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff between attempts of one request: before retry {@code n} (1-based) the nominal
 * delay is {@code min(max, initial * 2^(n-1))}. With jitter the delay is drawn uniformly from
 * {@code [nominal / 2, nominal]}, so that parallel writers hit by one outage do not retry in lockstep.
 */
public final class RetryBackoff implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Duration initial;
    private final Duration max;
    private final boolean jitter;

    public RetryBackoff(Duration initial, Duration max, boolean jitter) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial retry backoff must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max retry backoff " + max + " is below the initial backoff " + initial);
        }
        this.jitter = jitter;
    }

    public Duration initial() {
        return initial;
    }

    public Duration max() {
        return max;
    }

    public boolean jitter() {
        return jitter;
    }

    /**
     * The delay before retry number {@code retry} (1 = first retry).
     *
     * @param random uniform values in {@code [0, 1)}, used only with jitter
     */
    public Duration delayBeforeRetry(int retry, DoubleSupplier random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
        }
        long maxNanos = max.toNanos();
        long nominal = initial.toNanos();
        for (int i = 1; i < retry && nominal < maxNanos; i++) {
            nominal = nominal > maxNanos / 2 ? maxNanos : nominal * 2;
        }
        nominal = Math.min(nominal, maxNanos);
        if (!jitter) {
            return Duration.ofNanos(nominal);
        }
        return Duration.ofNanos(nominal / 2 + (long) (random.getAsDouble() * (nominal - nominal / 2)));
    }

    @Override
    public String toString() {
        return "RetryBackoff{initial=" + initial + ", max=" + max + ", jitter=" + jitter + '}';
    }
}
