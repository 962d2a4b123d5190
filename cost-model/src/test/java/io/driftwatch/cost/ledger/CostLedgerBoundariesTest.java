package io.driftwatch.cost.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.cost.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edges of {@link CostLedger}: the one-hour window, the day an hour counts for, pruning, the bytes. */
class CostLedgerBoundariesTest {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long D0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

    private static HourCost micros(long m) {
        return new HourCost(Money.ofMicros(m), Money.ZERO, 1, 0);
    }

    @Test
    void aOneHourWindowHoldsOnlyTheHourItself() {
        CostLedger ledger = new CostLedger(1);
        assertEquals(1, ledger.windowHours());
        ledger.record(D0 + HOUR, micros(3));
        ledger.record(D0 + 2 * HOUR, micros(5));
        assertEquals(micros(5), ledger.window(D0 + 2 * HOUR));
        assertEquals(HourCost.ZERO, ledger.window(D0 + 3 * HOUR));
        assertThrows(IllegalArgumentException.class, () -> new CostLedger(0));
    }

    @Test
    void anHourEndingAtMidnightCountsForTheDayBefore() {
        CostLedger ledger = new CostLedger(24);
        ledger.record(D0, micros(7)); // (23:00, 00:00] of Feb 28
        ledger.record(D0 - HOUR, micros(2)); // (22:00, 23:00] of Feb 28
        ledger.record(D0 + DAY - HOUR, micros(4)); // (22:00, 23:00] of Mar 1
        assertEquals(
                List.of(LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1)),
                List.copyOf(ledger.dailyCosts().keySet()));
        assertEquals(Money.ofMicros(9), ledger.dailyCosts().get(LocalDate.of(2026, 2, 28)));
        assertEquals(Money.ofMicros(4), ledger.dailyCosts().get(LocalDate.of(2026, 3, 1)));
    }

    @Test
    void exactlyTheNewestDayAndTheThirtyOneBeforeItAreKept() {
        CostLedger ledger = new CostLedger(24);
        ledger.record(D0 + 12 * HOUR, micros(1)); // day 0
        ledger.record(D0 + DAY + 12 * HOUR, micros(2)); // day 1
        // newest hour (22:00, 23:00] of day 32: days 1..32 are kept (32 days), day 0 goes
        ledger.record(D0 + 32 * DAY + 23 * HOUR, micros(3));
        LocalDate day0 = LocalDate.of(2026, 3, 1);
        assertEquals(
                List.of(day0.plusDays(1), day0.plusDays(32)),
                List.copyOf(ledger.dailyCosts().keySet()));
    }

    @Test
    void bytesRoundTripWithManyHoursAndManyDays() {
        CostLedger hours = new CostLedger(48);
        for (int h = 1; h <= 40; h++) {
            hours.record(D0 + h * HOUR, new HourCost(Money.ofMicros(h * 1000L), Money.ofMicros(h), h, 3L * h));
        }
        assertSame(hours, CostLedger.fromBytes(hours.toBytes()), D0 + 40 * HOUR);

        CostLedger days = new CostLedger(1);
        for (int d = 0; d < 20; d++) {
            days.record(D0 + d * DAY + HOUR, micros(d + 1));
        }
        CostLedger back = CostLedger.fromBytes(days.toBytes());
        assertSame(days, back, D0 + 19 * DAY + HOUR);
        assertEquals(20, back.dailyCosts().size());
    }

    @Test
    void trailingBytesAreRefused() {
        CostLedger ledger = new CostLedger(24);
        ledger.record(D0 + HOUR, micros(1));
        byte[] bytes = ledger.toBytes();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(IllegalArgumentException.class, () -> CostLedger.fromBytes(longer));
    }

    private static void assertSame(CostLedger expected, CostLedger actual, long at) {
        assertArrayEquals(expected.toBytes(), actual.toBytes());
        assertEquals(expected.windowHours(), actual.windowHours());
        assertEquals(expected.dailyCosts(), actual.dailyCosts());
        assertEquals(expected.window(at), actual.window(at));
        assertEquals(expected.newestHourEnd(), actual.newestHourEnd());
    }
}
