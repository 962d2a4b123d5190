package io.driftwatch.cost.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.cost.money.Money;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the serialised form of {@link CostLedger} (Flink keyed state of the cost job): a change of these
 * bytes breaks restoring savepoints taken by earlier versions. The hex was captured from the code before
 * the shared state codec replaced this package's own varints.
 */
class CostLedgerGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final long HOUR = 3_600_000L;
    private static final long T0 = Instant.parse("2026-01-31T22:00:00Z").toEpochMilli();

    @Test
    void ledgerAcrossADayBoundaryWithANegativeCorrection() {
        CostLedger ledger = new CostLedger(24);
        ledger.record(T0 + HOUR, new HourCost(Money.ofMicros(1_250_000), Money.ofMicros(1_000_000), 120, 64_000));
        ledger.record(T0 + 2 * HOUR, new HourCost(Money.ofMicros(63), Money.ZERO, 1, 0));
        ledger.record(T0 + 4 * HOUR, new HourCost(Money.ofMicros(-5_000), Money.ofMicros(-64), 0, -3));
        assertEquals(
                "013006ee813ca0cb980180897af00180e807027e000200048f4e7f00050488c0029ecc9801028f4e",
                HEX.formatHex(ledger.toBytes()));
        assertEquals(
                "013006ee813ca0cb980180897af00180e807027e000200048f4e7f00050488c0029ecc9801028f4e",
                HEX.formatHex(CostLedger.fromBytes(HEX.parseHex(
                                "013006ee813ca0cb980180897af00180e807027e000200048f4e7f00050488c0029ecc9801028f4e"))
                        .toBytes()));
    }

    @Test
    void emptyLedger() {
        assertEquals("01a00b0000", HEX.formatHex(new CostLedger(720).toBytes()));
    }
}
