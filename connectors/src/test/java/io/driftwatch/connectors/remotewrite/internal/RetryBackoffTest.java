package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void doublesFromInitialUpToMax() {
        RetryBackoff b = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), false);
        long[] expectedMs = {100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000};
        for (int retry = 1; retry <= expectedMs.length; retry++) {
            assertEquals(
                    Duration.ofMillis(expectedMs[retry - 1]), b.delayBeforeRetry(retry, () -> 0.7), "retry " + retry);
        }
        assertEquals(Duration.ofSeconds(10), b.delayBeforeRetry(10_000, () -> 0.7), "no overflow");
    }

    @Test
    void jitterDrawsFromTheUpperHalf() {
        RetryBackoff b = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), true);
        assertEquals(Duration.ofMillis(100), b.delayBeforeRetry(2, () -> 0.0)); // nominal 200 ms
        assertEquals(Duration.ofMillis(150), b.delayBeforeRetry(2, () -> 0.5));
        assertEquals(Duration.ofMillis(5000), b.delayBeforeRetry(20, () -> 0.0));
        assertEquals(Duration.ofMillis(7500), b.delayBeforeRetry(20, () -> 0.5));
    }

    @Test
    void rejectsInvalidSettings() {
        assertThrows(
                IllegalArgumentException.class, () -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1), false));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), false));
        RetryBackoff b = new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(1), false);
        assertThrows(IllegalArgumentException.class, () -> b.delayBeforeRetry(0, () -> 0));
    }
}
