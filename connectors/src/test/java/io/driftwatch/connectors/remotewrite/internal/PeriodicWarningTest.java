package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeriodicWarningTest {

    @Test
    void firstOccurrenceThenAtMostOncePerPeriodCountingWhatItStandsFor() {
        AtomicLong now = new AtomicLong(1_000);
        PeriodicWarning w = new PeriodicWarning(Duration.ofMinutes(1), now::get);
        assertEquals(1, w.record());
        for (int i = 0; i < 30; i++) {
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertEquals(0, w.record());
        }
        now.addAndGet(Duration.ofSeconds(30).toNanos()); // 60 s after the first line
        assertEquals(31, w.record());
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(0, w.record());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(2, w.record());
    }
}
