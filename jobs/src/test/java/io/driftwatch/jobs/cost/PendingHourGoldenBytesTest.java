package io.driftwatch.jobs.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.cost.ledger.HourCost;
import io.driftwatch.cost.money.Money;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the cost job's pending hours (keyed map state of {@link UseCaseCostFunction} and
 * {@link GpuIdleFunction}): a change breaks restoring savepoints taken by earlier versions. The hex was
 * captured from the code before the shared state codec replaced their ByteBuffers.
 */
class PendingHourGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void useCaseHours() {
        assertUseCaseHour("0000000000000000000000000000000000000000000000000000000000000000", HourCost.ZERO);
        assertUseCaseHour(
                "000000000012d68700000000000f4240000000000000012c0000010000000000",
                new HourCost(Money.ofMicros(1_234_567), Money.ofMicros(1_000_000), 300, 1L << 40));
        // a difference of sums (HourCost.minus) may be negative
        assertUseCaseHour(
                "fffffffffffffffb8000000000000000ffffffffffffffff0000000000000000",
                new HourCost(Money.ofMicros(-5), Money.ofMicros(Long.MIN_VALUE), -1, 0));
    }

    @Test
    void gpuHours() {
        assertGpuHour("00000000000000000000000000000001", new GpuIdleFunction.HourSamples(0.0, 1));
        assertGpuHour("40c81ce000000000000000000000012c", new GpuIdleFunction.HourSamples(12_345.75, 300));
        assertGpuHour("4040a666666666667fffffffffffffff", new GpuIdleFunction.HourSamples(33.3, Long.MAX_VALUE));
    }

    private static void assertUseCaseHour(String expectedHex, HourCost value) {
        String actual = HEX.formatHex(UseCaseCostFunction.encode(value));
        assertEquals(expectedHex, actual);
        assertEquals(value, UseCaseCostFunction.decode(HEX.parseHex(expectedHex)));
    }

    private static void assertGpuHour(String expectedHex, GpuIdleFunction.HourSamples value) {
        String actual = HEX.formatHex(value.toBytes());
        assertEquals(expectedHex, actual);
        assertEquals(value, GpuIdleFunction.HourSamples.fromBytes(HEX.parseHex(expectedHex)));
    }
}
