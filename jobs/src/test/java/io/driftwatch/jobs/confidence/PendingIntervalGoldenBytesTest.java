package io.driftwatch.jobs.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.drift.confidence.SlotAggregate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the confidence job's pending intervals (keyed map state of {@link
 * ConfidenceBaselineFunction}): a change breaks restoring savepoints taken by earlier versions. The hex
 * was captured from the code before the shared state codec replaced its ByteBuffer.
 */
class PendingIntervalGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void empty() {
        assertRoundTrip("000000000000000000000000000000000000000000000000", SlotAggregate.EMPTY);
    }

    @Test
    void anInterval() {
        assertRoundTrip("000000000000012c406a4800000000004031800000000000", SlotAggregate.of(300, 210.25, 17.5));
    }

    @Test
    void negativeSumAndExtremes() {
        assertRoundTrip("0000000000000005bff80000000000000000000000000000", SlotAggregate.of(5, -1.5, 0));
        assertRoundTrip(
                "7fffffffffffffff7e37e43c8800759c0000000000000001", SlotAggregate.of(Long.MAX_VALUE, 1e300, 0x1p-1074));
    }

    private static void assertRoundTrip(String expectedHex, SlotAggregate value) {
        String actual = HEX.formatHex(ConfidenceBaselineFunction.encode(value));
        assertEquals(expectedHex, actual);
        SlotAggregate back = ConfidenceBaselineFunction.decode(HEX.parseHex(expectedHex));
        assertEquals(value.count(), back.count());
        assertEquals(value.sum(), back.sum());
        assertEquals(value.below(), back.below());
    }
}
