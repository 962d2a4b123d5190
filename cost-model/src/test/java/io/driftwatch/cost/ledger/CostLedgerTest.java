package io.driftwatch.cost.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostLedgerTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = Instant.parse("2026-01-31T00:00:00Z").toEpochMilli();

    private static HourCost cost(long micros, long gpuMicros, long inferences, long tokens) {
        return new HourCost(Money.ofMicros(micros), Money.ofMicros(gpuMicros), inferences, tokens);
    }

    @Test
    void theWindowSumsTheHoursEndingWithinIt() {
        CostLedger ledger = new CostLedger(3);
        for (int h = 1; h <= 5; h++) {
            ledger.record(T0 + h * HOUR, cost(h * 100, h * 10, h, 2L * h));
        }
        // window (T − 3 h, T] at T = T0 + 5 h: hours 3, 4, 5
        assertEquals(cost(1200, 120, 12, 24), ledger.window(T0 + 5 * HOUR));
        assertEquals(cost(900, 90, 9, 18), ledger.window(T0 + 6 * HOUR), "hour 3 has left the window");
        assertEquals(cost(500, 50, 5, 10), ledger.hour(T0 + 5 * HOUR));
        assertEquals(HourCost.ZERO, ledger.hour(T0 + HOUR), "older hours are forgotten");
        assertEquals(T0 + 5 * HOUR, ledger.newestHourEnd().getAsLong());
    }

    @Test
    void anHourCountsForTheDayItLiesIn() {
        CostLedger ledger = new CostLedger(24);
        ledger.record(T0, cost(7, 0, 1, 0)); // (23:00, 00:00] of Jan 30
        ledger.record(T0 + HOUR, cost(11, 0, 1, 0)); // (00:00, 01:00] of Jan 31
        assertEquals(
                Map.of(
                        LocalDate.parse("2026-01-30"),
                        Money.ofMicros(7),
                        LocalDate.parse("2026-01-31"),
                        Money.ofMicros(11)),
                ledger.dailyCosts());
    }

    @Test
    void keepsOnlyTheNewest32Days() {
        CostLedger ledger = new CostLedger(24);
        for (int d = 0; d < 40; d++) {
            ledger.record(T0 + d * 24 * HOUR + HOUR, cost(1, 0, 1, 0));
        }
        assertEquals(CostLedger.DAYS_KEPT, ledger.dailyCosts().size());
        assertEquals(
                LocalDate.parse("2026-01-31").plusDays(39), ledger.dailyCosts().lastKey());
    }

    @Test
    void roundTripsItsCompactForm() {
        CostLedger ledger = new CostLedger(24);
        for (int h = 1; h <= 30; h++) {
            ledger.record(T0 + h * HOUR, cost(1_234_567L * h, 1_000L * h, 40L * h, 7L * h));
        }
        byte[] bytes = ledger.toBytes();
        CostLedger back = CostLedger.fromBytes(bytes);
        assertEquals(ledger.window(T0 + 30 * HOUR), back.window(T0 + 30 * HOUR));
        assertEquals(ledger.dailyCosts(), back.dailyCosts());
        assertArrayEqualsBytes(bytes, back.toBytes());
        assertTrue(bytes.length < 24 * 20 + 2 * 6 + 8, "compact: " + bytes.length + " bytes");
    }

    @Test
    void refusesMisalignedHoursAndCorruptBytes() {
        CostLedger ledger = new CostLedger(24);
        assertThrows(IllegalArgumentException.class, () -> ledger.record(T0 + 1, HourCost.ZERO));
        byte[] bytes = ledger.toBytes();
        bytes[0] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CostLedger.fromBytes(bytes))
                .getMessage()
                .contains("format version 9"));
        byte[] truncated = java.util.Arrays.copyOf(new CostLedger(24).toBytes(), 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CostLedger.fromBytes(truncated))
                .getMessage()
                .contains("truncated"));
    }

    private static void assertArrayEqualsBytes(byte[] a, byte[] b) {
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
    }
}
