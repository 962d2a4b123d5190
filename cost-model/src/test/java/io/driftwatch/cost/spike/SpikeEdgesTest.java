package io.driftwatch.cost.spike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The spike rule exactly at its bound, the oldest week compared, and the hourly history's edges. */
class SpikeEdgesTest {

    static final long H = HourlyCosts.HOUR;
    static final long W = HourlyCosts.WEEK;
    static final long T0 = 1_700_000_000_000L / H * H;

    /** x = 1.0, 3.0: m = 2, s = 1; k = 2: the bound m + k·s is 4.0. A cost of exactly 4.0 is no spike. */
    @Test
    void aCostEqualToTheBoundIsNoSpike() {
        CostSpikeCheck check = new CostSpikeCheck(2, 2, 2.0, 1.0);
        for (long c : new long[] {4_000_000, 4_000_001}) {
            HourlyCosts h = new HourlyCosts(2);
            h.record(T0, 1_000_000);
            h.record(T0 + W, 3_000_000);
            h.record(T0 + 2 * W, c);
            assertEquals(c > 4_000_000, check.check(h, T0 + 2 * W).isPresent(), "cost " + c);
        }
        HourlyCosts h = new HourlyCosts(2);
        h.record(T0, 1_000_000);
        h.record(T0 + W, 3_000_000);
        h.record(T0 + 2 * W, 4_000_001);
        CostSpike s = check.check(h, T0 + 2 * W).orElseThrow();
        assertEquals(0, new BigDecimal("2").compareTo(s.mean()));
        assertEquals(new BigDecimal("1.000000"), s.stddev());
        assertEquals(2, s.weeks());
        assertEquals(T0 + 2 * W, s.hourEndMillis());
    }

    /** With weeks = 1 the only reference is the week before: it must be compared. */
    @Test
    void theOldestWeekIsCompared() {
        HourlyCosts h = new HourlyCosts(1);
        h.record(T0, 1_000_000);
        h.record(T0 + W, 5_000_000);
        CostSpike s = new CostSpikeCheck(1, 1, 1.0, 2.0).check(h, T0 + W).orElseThrow();
        assertEquals(1, s.weeks());
        assertEquals(0, BigDecimal.ONE.compareTo(s.mean()));
        assertFalse(new CostSpikeCheck(1, 1, 1.0, 5.0).check(h, T0 + W).isPresent(), "5.0 is not above 5 × 1.0");
    }

    /** The same hour recorded again replaces its cost. */
    @Test
    void theNewestHourMayBeRecordedAgain() {
        HourlyCosts h = new HourlyCosts(1);
        h.record(T0, 5);
        h.record(T0, 8);
        assertEquals(OptionalLong.of(8), h.cost(T0));
        assertEquals(OptionalLong.of(T0), h.newestHourEnd());
        assertEquals(1, h.weeks());
        assertEquals(OptionalLong.empty(), new HourlyCosts(2).newestHourEnd());
    }

    /** After a gap longer than the span every kept hour but the new one cost 0. */
    @Test
    void aLongGapClearsEveryHour() {
        HourlyCosts h = new HourlyCosts(1);
        for (long t = T0; t <= T0 + W; t += H) {
            h.record(t, 1_000 + (t - T0) / H);
        }
        long t = T0 + 10 * W + 5 * H;
        h.record(t, 42);
        assertEquals(OptionalLong.of(42), h.cost(t));
        for (long u = t - W; u < t; u += H) {
            assertEquals(OptionalLong.of(0), h.cost(u), "hour " + (u - T0) / H);
        }
        assertEquals(OptionalLong.empty(), h.cost(t - W - H));
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] good = new HourlyCosts(1).toBytes();
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HourlyCosts.fromBytes(longer, 1));
        assertTrue(e.getMessage().contains("hourly costs"), e.getMessage());
    }
}
