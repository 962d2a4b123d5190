package io.driftwatch.connectors.remotewrite.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Decides when a recurring condition (retries to one endpoint) is logged: the first time, then at
 * most once per period, each line standing for every occurrence since the previous one. Thread-safe:
 * the HTTP client's threads report retries concurrently.
 */
public final class PeriodicWarning {

    /** One per condition and endpoint in a JVM, so the limit holds whatever the sink's parallelism. */
    private static final ConcurrentMap<String, PeriodicWarning> SHARED = new ConcurrentHashMap<>();

    private final long periodNanos;
    private final LongSupplier nanoTime;
    private long lastNanos;
    private boolean warned;
    private long pending;

    public PeriodicWarning(Duration period, LongSupplier nanoTime) {
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The JVM-wide once-a-minute warning of {@code condition} (e.g. "retry") for {@code endpoint}. */
    public static PeriodicWarning perMinute(String condition, String endpoint) {
        return SHARED.computeIfAbsent(
                condition + " " + endpoint, k -> new PeriodicWarning(Duration.ofMinutes(1), System::nanoTime));
    }

    /**
     * Records one occurrence; returns how many occurrences the caller should report now (this one
     * included), or 0 when it should stay quiet.
     */
    public synchronized long record() {
        pending++;
        long now = nanoTime.getAsLong();
        if (warned && now - lastNanos < periodNanos) {
            return 0;
        }
        warned = true;
        lastNanos = now;
        long report = pending;
        pending = 0;
        return report;
    }
}
