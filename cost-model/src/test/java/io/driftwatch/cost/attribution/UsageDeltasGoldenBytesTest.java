package io.driftwatch.cost.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the serialised form of {@link UsageDeltas} (the cost-usage job's pending intervals, in keyed
 * state): a change of these bytes breaks restoring savepoints taken by earlier versions. The hex was
 * captured from the code before the shared state codec replaced its ByteBuffer.
 */
class UsageDeltasGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void nothingObserved() {
        assertRoundTrip("00", UsageDeltas.NONE);
    }

    @Test
    void everythingObserved() {
        assertRoundTrip(
                "3f" // presence flags, then the values in field order
                        + "3fc0000000000000" // reported cost
                        + "40934a0000000000" // duration
                        + "0000000000000000" // input tokens
                        + "000000000000012c" // output tokens
                        + "0000010000000000" // total tokens
                        + "7fffffffffffffff",
                UsageDeltas.builder()
                        .reportedCost(0.125)
                        .durationMillis(1234.5)
                        .inputTokens(0)
                        .outputTokens(300)
                        .totalTokens(1L << 40)
                        .inferences(Long.MAX_VALUE)
                        .build());
    }

    @Test
    void someObserved() {
        assertRoundTrip(
                "1280000000000000000000000000000007",
                UsageDeltas.builder().durationMillis(-0.0).totalTokens(7).build());
        assertRoundTrip(
                "200000000000000001", UsageDeltas.builder().inferences(1).build());
    }

    @Test
    void aNaNPayloadInStoredBytesIsKept() {
        // the builder refuses NaN, but a stored value is read back as it is: its bits must survive a rewrite
        String stored = "017ff0000000000123";
        assertGolden(stored, UsageDeltas.fromBytes(HEX.parseHex(stored)).toBytes());
    }

    private static void assertRoundTrip(String expectedHex, UsageDeltas value) {
        assertGolden(expectedHex, value.toBytes());
        assertEquals(value, UsageDeltas.fromBytes(HEX.parseHex(expectedHex)));
    }

    private static void assertGolden(String expectedHex, byte[] actual) {
        assertEquals(expectedHex, HEX.formatHex(actual));
    }
}
