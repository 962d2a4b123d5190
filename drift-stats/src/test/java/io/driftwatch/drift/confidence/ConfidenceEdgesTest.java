package io.driftwatch.drift.confidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.codec.ByteWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edges of the confidence package: ring boundaries and bytes, aggregate equality, bucket shares. */
class ConfidenceEdgesTest {

    private static final long MAX = SlotRing.MAX_ABS_SLOT;

    // ---- SlotAggregate

    @Test
    void aggregateEqualityAndText() {
        SlotAggregate a = SlotAggregate.of(4, 2.0, 1.0);
        assertEquals(a, a);
        assertEquals(a, SlotAggregate.of(4, 2.0, 1.0));
        assertEquals(a.hashCode(), SlotAggregate.of(4, 2.0, 1.0).hashCode());
        assertNotEquals(a, SlotAggregate.of(5, 2.0, 1.0));
        assertNotEquals(a, SlotAggregate.of(4, 2.5, 1.0));
        assertNotEquals(a, SlotAggregate.of(4, 2.0, 1.5));
        assertNotEquals(a, (Object) "a");
        assertNotEquals(a.hashCode(), SlotAggregate.of(5, 2.0, 1.0).hashCode());
        assertNotEquals(a.hashCode(), SlotAggregate.of(4, 2.5, 1.0).hashCode());
        assertNotEquals(a.hashCode(), SlotAggregate.of(4, 2.0, 1.5).hashCode());
        assertEquals("SlotAggregate{count=4, sum=2.0, below=1.0}", a.toString());
    }

    // ---- SlotRing

    @Test
    void capacityFromOneToTheMaximum() {
        assertEquals(1, new SlotRing(1).capacitySlots());
        assertEquals(SlotRing.MAX_CAPACITY_SLOTS, new SlotRing(SlotRing.MAX_CAPACITY_SLOTS).capacitySlots());
        assertThrows(IllegalArgumentException.class, () -> new SlotRing(0));
        assertThrows(IllegalArgumentException.class, () -> new SlotRing(SlotRing.MAX_CAPACITY_SLOTS + 1));
    }

    @Test
    void slotIndicesUpToTwoToThe48EitherSign() {
        SlotRing ring = new SlotRing(4);
        assertTrue(ring.add(-MAX, SlotAggregate.of(1, 1, 0)));
        assertTrue(ring.add(MAX, SlotAggregate.of(2, 1, 0)));
        assertEquals(SlotAggregate.of(2, 1, 0), ring.get(MAX));
        assertEquals(SlotAggregate.EMPTY, ring.get(-MAX), "left the window");
        assertThrows(IllegalArgumentException.class, () -> ring.add(MAX + 1, SlotAggregate.of(1, 1, 0)));
        assertThrows(IllegalArgumentException.class, () -> ring.add(-MAX - 1, SlotAggregate.of(1, 1, 0)));
    }

    @Test
    void aJumpBeyondTheCapacityForgetsEverySlot() {
        SlotRing ring = new SlotRing(4);
        ring.add(1, SlotAggregate.of(1, 0.5, 0));
        ring.add(2, SlotAggregate.of(1, 0.5, 0));
        ring.add(100, SlotAggregate.of(3, 1.5, 1));
        assertEquals(1, ring.size());
        assertEquals(SlotAggregate.EMPTY, ring.get(1));
        assertEquals(SlotAggregate.EMPTY, ring.get(2));
        assertEquals(SlotAggregate.of(3, 1.5, 1), ring.get(100));
    }

    @Test
    void sumExcludesItsLowerEnd() {
        SlotRing ring = new SlotRing(8);
        for (long s = 1; s <= 6; s++) {
            ring.add(s, SlotAggregate.of(s, s, 0));
        }
        assertEquals(SlotAggregate.of(6, 6, 0), ring.sum(5, 6));
        assertEquals(SlotAggregate.of(11, 11, 0), ring.window(6, 2));
        List<Long> visited = new ArrayList<>();
        ring.forEachSlot(3, 5, (slot, a) -> visited.add(slot));
        assertEquals(List.of(4L, 5L), visited);
    }

    @Test
    void bytesRoundTripWithGaps() {
        SlotRing ring = new SlotRing(10);
        ring.add(-3, SlotAggregate.of(2, 1.0, 1.0));
        ring.add(0, SlotAggregate.of(3, 1.5, 0.0));
        ring.add(4, SlotAggregate.of(1, 0.25, 1.0));
        SlotRing back = SlotRing.fromBytes(ring.toBytes());
        assertArrayEquals(ring.toBytes(), back.toBytes());
        assertEquals(3, back.size());
        assertEquals(SlotAggregate.of(2, 1.0, 1.0), back.get(-3));
        assertEquals(SlotAggregate.of(3, 1.5, 0.0), back.get(0));
        assertEquals(SlotAggregate.of(1, 0.25, 1.0), back.get(4));
        assertEquals(SlotAggregate.EMPTY, back.get(1));
        assertEquals(4, back.newestSlot().getAsLong());
    }

    /** A ring's bytes: version, capacity, newest, size, then first slot (zigzag) and gaps, each with count, sum, below. */
    private static byte[] ring(long capacity, long newest, long... slots) {
        ByteWriter w = new ByteWriter(64);
        w.writeByte(SlotRing.FORMAT_VERSION);
        w.writeVarLong(capacity);
        w.writeZigZagLong(newest);
        w.writeVarLong(slots.length);
        for (int i = 0; i < slots.length; i++) {
            if (i == 0) {
                w.writeZigZagLong(slots[0]);
            } else {
                w.writeVarLong(slots[i] - slots[i - 1]);
            }
            w.writeVarLong(1);
            w.writeDouble(0.5);
            w.writeDouble(1.0);
        }
        return w.toByteArray();
    }

    @Test
    void readsEveryBoundaryOfItsBytes() {
        assertEquals(1, SlotRing.fromBytes(ring(1, 7, 7)).capacitySlots());
        assertEquals(
                SlotRing.MAX_CAPACITY_SLOTS,
                SlotRing.fromBytes(ring(SlotRing.MAX_CAPACITY_SLOTS, 7)).capacitySlots());
        assertEquals(MAX, SlotRing.fromBytes(ring(2, MAX, MAX)).newestSlot().getAsLong());
        assertEquals(-MAX, SlotRing.fromBytes(ring(2, -MAX, -MAX)).newestSlot().getAsLong());
        // the oldest slot of the window (newest - capacity, newest] and the newest
        SlotRing edges = SlotRing.fromBytes(ring(3, 10, 8, 10));
        assertEquals(SlotAggregate.of(1, 0.5, 1.0), edges.get(8));
        assertEquals(SlotAggregate.of(1, 0.5, 1.0), edges.get(10));
        assertEquals(SlotAggregate.EMPTY, edges.get(9));

        assertCorrupt(ring(0, 7), "capacity 0 outside [1, 100000]");
        assertCorrupt(ring(SlotRing.MAX_CAPACITY_SLOTS + 1, 7), "capacity 100001 outside [1, 100000]");
        assertCorrupt(ring(2, MAX + 1), "newest slot " + (MAX + 1) + " outside");
        assertCorrupt(ring(2, -MAX - 1), "newest slot " + (-MAX - 1) + " outside");
        assertCorrupt(ring(3, 10, 7), "slot 7 outside (7, 10] or not ascending");
        assertCorrupt(ring(3, 10, 11), "slot 11 outside (7, 10] or not ascending");
        assertCorrupt(ring(3, 10, 9, 9), "slot 9 outside (7, 10] or not ascending");
        assertCorrupt(ring(1, 10, 10, 10), "size 2 does not fit capacity 1");
    }

    private static void assertCorrupt(byte[] bytes, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlotRing.fromBytes(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    // ---- BaselineAccumulator and ConfidenceEvaluation

    @Test
    void baselineKeepsItsSettingsAndSums() {
        BaselineAccumulator b = new BaselineAccumulator(1);
        b.addSlot(SlotAggregate.of(2, 1.5, 0));
        b.addSlot(SlotAggregate.of(2, 0.5, 0));
        assertEquals(1, b.minSlotCount());
        assertEquals(2.0, b.sum());
        BaselineAccumulator back = BaselineAccumulator.fromBytes(b.toBytes());
        assertEquals(1, back.minSlotCount());
        assertEquals(2.0, back.sum());
        assertEquals(4, back.count());
        // slot means 0.75 and 0.25: mean 0.5, sample variance 0.125
        assertEquals(
                "BaselineAccumulator{N=4, S=2.0, mean=0.5, slots=2, meanOfSlotMeans=0.5, stddev=" + Math.sqrt(0.125)
                        + ", minSlotCount=1}",
                back.toString());
        byte[] zeroMin = b.toBytes();
        zeroMin[1] = 0; // minSlotCount varint 1 → 0
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BaselineAccumulator.fromBytes(zeroMin));
        assertTrue(e.getMessage().contains("minSlotCount 0 < 1"), e.getMessage());
    }

    @Test
    void kZeroPutsTheAdaptiveThresholdAtTheBaselineMean() {
        BaselineAccumulator b = new BaselineAccumulator(1);
        b.addSlot(SlotAggregate.of(2, 1.6, 0));
        b.addSlot(SlotAggregate.of(2, 1.2, 0));
        ConfidenceEvaluation e = ConfidenceEvaluation.evaluate(SlotAggregate.of(4, 2.0, 0), b, 0);
        assertEquals(0.0, e.k());
        assertEquals(0.7, e.adaptiveLowerThreshold(), 1e-15);
        assertTrue(e.belowAdaptiveThreshold());
        assertThrows(
                IllegalArgumentException.class,
                () -> ConfidenceEvaluation.evaluate(SlotAggregate.of(4, 2.0, 0), b, -Double.MIN_VALUE));
    }

    // ---- BucketShare

    @Test
    void exponentialNegativeBucketsUseTheirOwnEdges() {
        // scale 0: negative index 0 holds [-2, -1); -1.5 is half way
        assertEquals(2.0, BucketShare.countAtOrBelowExponential(0, 0, 0, 0, new long[0], 0, new long[] {4}, -1.5));
        assertEquals(0.0, BucketShare.countAtOrBelowExponential(0, 0, 0, 0, new long[0], 0, new long[] {4}, -2));
        assertEquals(4.0, BucketShare.countAtOrBelowExponential(0, 0, 0, 0, new long[0], 0, new long[] {4}, -1));
        // the second negative bucket, index 1, holds [-4, -2): -3 is half way
        assertEquals(2.0, BucketShare.countAtOrBelowExponential(0, 0, 0, 0, new long[0], 0, new long[] {0, 4}, -3));
    }

    @Test
    void anInfinitelyWideBucketIsAllBelowItsUpperEdgeAndNoneBelowMinusInfinity() {
        // scale -10: negative index 0 holds [-2^1024 = -inf, -1)
        assertEquals(3.0, BucketShare.countAtOrBelowExponential(-10, 0, 0, 0, new long[0], 0, new long[] {3}, -1));
        assertEquals(
                0.0,
                BucketShare.countAtOrBelowExponential(
                        -10, 0, 0, 0, new long[0], 0, new long[] {3}, Double.NEGATIVE_INFINITY));
    }

    @Test
    void scaleAndIndexLimits() {
        assertEquals(1.0, BucketShare.countAtOrBelowExponential(-10, 1, 0, 0, new long[0], 0, new long[0], 0));
        assertEquals(1.0, BucketShare.countAtOrBelowExponential(20, 1, 0, 0, new long[0], 0, new long[0], 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> BucketShare.countAtOrBelowExponential(-11, 1, 0, 0, new long[0], 0, new long[0], 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> BucketShare.countAtOrBelowExponential(21, 1, 0, 0, new long[0], 0, new long[0], 0));
        int last = Integer.MAX_VALUE - 1;
        assertEquals(
                0.0, BucketShare.countAtOrBelowExponential(0, 0, 0, last, new long[] {0}, last, new long[] {0}, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> BucketShare.countAtOrBelowExponential(
                        0, 0, 0, Integer.MAX_VALUE, new long[] {0}, 0, new long[0], 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> BucketShare.countAtOrBelowExponential(
                        0, 0, 0, 0, new long[0], Integer.MAX_VALUE, new long[] {0}, 1));
    }

    @Test
    void explicitBucketsAtAndBetweenBounds() {
        double[] bounds = {0.25, 0.5, 1.0};
        long[] counts = {4, 8, 2, 6};
        assertEquals(4.0, BucketShare.countAtOrBelow(bounds, counts, 0.25));
        assertEquals(2.0, BucketShare.countAtOrBelow(bounds, counts, 0.125)); // half of (0, 0.25]
        assertEquals(8.0, BucketShare.countAtOrBelow(bounds, counts, 0.375)); // 4 + half of 8
        assertEquals(14.0, BucketShare.countAtOrBelow(bounds, counts, 1.0));
        assertEquals(20.0, BucketShare.countAtOrBelow(bounds, counts, 1.5));
        assertEquals(0.0, BucketShare.countAtOrBelow(bounds, counts, -1));
        assertFalse(Double.isNaN(BucketShare.countAtOrBelow(new double[] {-1.0}, new long[] {3, 1}, -2)));
        assertSame(SlotAggregate.EMPTY, SlotAggregate.ofHistogram(bounds, new long[4], 0, 0.5));
    }
}
