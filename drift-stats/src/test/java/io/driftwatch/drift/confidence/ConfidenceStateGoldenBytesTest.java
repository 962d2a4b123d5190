package io.driftwatch.drift.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the serialised form of the confidence state (Flink keyed state of the confidence job): a change
 * of these bytes breaks restoring savepoints taken by earlier versions. The hex was captured from the
 * code before the shared state codec replaced this package's own.
 */
class ConfidenceStateGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void ringWithNegativeAndPositiveSlots() {
        SlotRing ring = new SlotRing(24);
        ring.add(-3, SlotAggregate.of(1, 0.5, 1));
        ring.add(2, SlotAggregate.of(300, 210.25, 17.5));
        ring.add(0, SlotAggregate.of(20_000, 16_000.125, 0));
        assertGolden(
                "0118040305013fe00000000000003ff000000000000003a09c0140cf401000000000000000000000000002ac02406a4800000000004031800000000000",
                ring.toBytes());
        assertEquals(
                "0118040305013fe00000000000003ff000000000000003a09c0140cf401000000000000000000000000002ac02406a4800000000004031800000000000",
                HEX.formatHex(SlotRing.fromBytes(
                                HEX.parseHex(
                                        "0118040305013fe00000000000003ff000000000000003a09c0140cf401000000000000000000000000002ac02406a4800000000004031800000000000"))
                        .toBytes()));
    }

    @Test
    void ringAtTodaysSlots() {
        SlotRing ring = new SlotRing(720);
        ring.add(490_000, SlotAggregate.of(10, 8.5, 2));
        ring.add(490_001, SlotAggregate.of(129, 100.0, 0.25));
        ring.add(490_719, SlotAggregate.of(2_097_152, 1.5e6, 3));
        assertGolden(
                "01d005bef33b03a0e83b0a4021000000000000400000000000000001810140590000000000003fd0000000000000ce05808080014136e360000000004008000000000000",
                ring.toBytes());
    }

    @Test
    void emptyRing() {
        assertGolden("0101ffffffffffffffffff0100", new SlotRing(1).toBytes());
    }

    @Test
    void accumulator() {
        BaselineAccumulator acc = new BaselineAccumulator(5);
        acc.addSlot(SlotAggregate.of(4, 3.0, 1));
        acc.addSlot(SlotAggregate.of(200, 170.5, 3));
        acc.addSlot(SlotAggregate.of(130, 90.25, 12));
        acc.addSlot(SlotAggregate.of(1_000_000, 812_345.5, 17));
        assertGolden("01058e873d4128cc8280000000033fe929d9d6b691ab3f8bb991fdcc32ca", acc.toBytes());
    }

    @Test
    void emptyAccumulator() {
        assertGolden("01010000000000000000000000000000000000000000000000000000", new BaselineAccumulator().toBytes());
    }

    private static void assertGolden(String expectedHex, byte[] actual) {
        assertEquals(expectedHex, HEX.formatHex(actual));
    }
}
