package io.driftwatch.drift.confidence;

import static io.driftwatch.drift.confidence.BucketShareTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SlotRingTest {

    private static final long S0 = 490_000; // an hourly slot in 2025

    private static SlotAggregate agg(long count, double mean) {
        return SlotAggregate.of(count, count * mean, count / 4.0);
    }

    @Test
    void windowIncludesItsEndSlotAndExcludesTheSlotWindowSlotsBefore() {
        SlotRing ring = new SlotRing(48);
        for (long h = S0; h <= S0 + 10; h++) {
            ring.add(h, SlotAggregate.of(h - S0 + 1, 0.5 * (h - S0 + 1), 0));
        }
        // (S0+10-5, S0+10]: slots S0+6..S0+10, counts 7..11
        assertEquals(7 + 8 + 9 + 10 + 11, ring.window(S0 + 10, 5).count());
        assertEquals(SlotAggregate.of(11, 5.5, 0), ring.sum(S0 + 9, S0 + 10), "only the end slot");
        assertEquals(SlotAggregate.EMPTY, ring.sum(S0 + 10, S0 + 10), "empty range");
        assertEquals(1, ring.sum(S0 - 1, S0).count(), "slot S0 is in (S0-1, S0]");
        assertEquals(0, ring.sum(S0, S0 + 0).count());
    }

    @Test
    void sameSlotIsMerged() {
        SlotRing ring = new SlotRing(24);
        assertTrue(ring.add(S0, SlotAggregate.of(2, 1.0, 1)));
        assertTrue(ring.add(S0, SlotAggregate.of(3, 2.0, 0.5)));
        assertEquals(SlotAggregate.of(5, 3.0, 1.5), ring.get(S0));
        assertEquals(1, ring.size());
    }

    @Test
    void advancingEvictsSlotsThatLeaveTheCapacityAndRefusesThem() {
        SlotRing ring = new SlotRing(24);
        for (long h = S0; h < S0 + 24; h++) {
            assertTrue(ring.add(h, agg(10, 0.8)));
        }
        assertEquals(24, ring.size());
        assertTrue(ring.add(S0 + 30, agg(1, 0.5)));
        // kept: (S0+30-24, S0+30] = S0+7 .. S0+23 and S0+30
        assertEquals(17 + 1, ring.size());
        assertEquals(SlotAggregate.EMPTY, ring.get(S0 + 6));
        assertEquals(agg(10, 0.8), ring.get(S0 + 7));
        assertFalse(ring.add(S0 + 6, agg(1, 0.5)), "at newest - capacity: too old");
        assertTrue(ring.add(S0 + 7, agg(1, 0.5)));
        assertEquals(11, ring.get(S0 + 7).count());
        assertEquals(18, ring.size());
    }

    @Test
    void aJumpBeyondTheCapacityClearsEverything() {
        SlotRing ring = new SlotRing(24);
        ring.add(S0, agg(1, 0.5));
        ring.add(S0 + 5, agg(1, 0.5));
        ring.add(S0 + 29, agg(2, 0.5));
        assertEquals(1, ring.size());
        assertEquals(2, ring.window(S0 + 29, 24).count());
        assertEquals(S0 + 29, ring.newestSlot().getAsLong());
    }

    @Test
    void explicitEviction() {
        SlotRing ring = new SlotRing(24);
        for (long h = S0; h < S0 + 10; h++) {
            ring.add(h, agg(1, 0.5));
        }
        assertEquals(4, ring.evictAtOrBefore(S0 + 3));
        assertEquals(6, ring.size());
        assertEquals(6, ring.window(S0 + 9, 24).count());
    }

    @Test
    void rangesLongerThanTheCapacityOrReversedAreRejected() {
        SlotRing ring = new SlotRing(24);
        ring.add(S0, agg(1, 0.5));
        assertEquals(1, ring.window(S0, 24).count());
        assertMessage(
                "slot range (" + (S0 - 25) + ", " + S0 + "] is reversed or longer than the ring capacity of 24",
                () -> ring.window(S0, 25));
        assertMessage("reversed", () -> ring.sum(S0, S0 - 1));
        assertMessage("ring capacity 0 slots is outside [1, 100000]", () -> new SlotRing(0));
        assertMessage("slot index", () -> ring.add(Long.MIN_VALUE, agg(1, 0.5)));
    }

    @Test
    void visitsSlotsInAscendingOrder() {
        SlotRing ring = new SlotRing(8);
        long[] added = {S0 + 5, S0 + 1, S0 + 7, S0 + 3};
        for (long h : added) {
            ring.add(h, agg(h - S0, 0.5));
        }
        List<Long> seen = new ArrayList<>();
        ring.forEachSlot(S0, S0 + 7, (h, a) -> {
            seen.add(h);
            assertEquals(h - S0, a.count());
        });
        assertEquals(List.of(S0 + 1, S0 + 3, S0 + 5, S0 + 7), seen);
    }

    /** Random adds, late data and window queries against a plain sorted map with the same rules. */
    @Test
    void behavesLikeAReferenceMap() {
        Random rnd = new Random(17);
        int capacity = 36;
        SlotRing ring = new SlotRing(capacity);
        TreeMap<Long, SlotAggregate> reference = new TreeMap<>();
        long newest = Long.MIN_VALUE;
        long slot = S0;
        for (int step = 0; step < 20_000; step++) {
            slot += rnd.nextInt(10) == 0 ? rnd.nextInt(50) : rnd.nextInt(2);
            long h = slot - rnd.nextInt(45); // late data, sometimes too late
            SlotAggregate a = SlotAggregate.of(1 + rnd.nextInt(100), rnd.nextDouble(), 0.0);
            a = SlotAggregate.of(a.count(), a.sum() * a.count(), rnd.nextDouble() * a.count());
            boolean expectAccepted = newest == Long.MIN_VALUE || h > newest - capacity;
            assertEquals(expectAccepted, ring.add(h, a));
            if (expectAccepted) {
                newest = Math.max(newest, h);
                reference.merge(h, a, SlotAggregate::plus);
                reference.headMap(newest - capacity, true).clear();
            }
            assertEquals(reference.size(), ring.size());
            if (step % 50 == 0) {
                int w = 1 + rnd.nextInt(capacity);
                long end = newest - rnd.nextInt(10);
                SlotAggregate expected = SlotAggregate.EMPTY;
                for (Map.Entry<Long, SlotAggregate> e :
                        reference.subMap(end - w, false, end, true).entrySet()) {
                    expected = expected.plus(e.getValue());
                }
                assertEquals(expected, ring.window(end, w), "window " + w + " ending " + end);
                assertRoundTrip(ring);
            }
        }
    }

    @Test
    void serialisedSizes() {
        for (int slots : new int[] {24, 720}) {
            SlotRing ring = new SlotRing(slots);
            Random rnd = new Random(slots);
            for (long h = S0; h < S0 + slots; h++) {
                long count = 5_000 + rnd.nextInt(60_000);
                ring.add(h, SlotAggregate.of(count, count * (0.7 + rnd.nextDouble() / 5), rnd.nextDouble() * count));
            }
            int bytes = ring.toBytes().length;
            System.out.printf(
                    "SlotRing bytes: %d full slots = %d (%.1f per slot)%n", slots, bytes, (double) bytes / slots);
            assertTrue(bytes <= 12 + slots * 20, "ring of " + slots + " slots: " + bytes);
            assertRoundTrip(ring);
        }
        assertRoundTrip(new SlotRing(5));
        System.out.printf("SlotRing bytes: empty = %d%n", new SlotRing(720).toBytes().length);
    }

    private static void assertRoundTrip(SlotRing ring) {
        byte[] bytes = ring.toBytes();
        SlotRing back = SlotRing.fromBytes(bytes);
        assertEquals(ring.capacitySlots(), back.capacitySlots());
        assertEquals(ring.size(), back.size());
        assertEquals(ring.newestSlot(), back.newestSlot());
        if (ring.newestSlot().isPresent()) {
            long newest = ring.newestSlot().getAsLong();
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            ring.forEachSlot(newest - ring.capacitySlots(), newest, (h, x) -> a.add(h + "=" + x));
            back.forEachSlot(newest - ring.capacitySlots(), newest, (h, x) -> b.add(h + "=" + x));
            assertEquals(a, b);
        }
        assertTrue(Arrays.equals(bytes, back.toBytes()));
    }

    @Test
    void corruptBytesAreRejectedClearly() {
        SlotRing ring = new SlotRing(24);
        ring.add(S0, agg(10, 0.8));
        ring.add(S0 + 2, agg(20, 0.7));
        byte[] bytes = ring.toBytes();
        assertMessage("SlotRing bytes are null", () -> SlotRing.fromBytes(null));
        assertMessage(
                "corrupt SlotRing (0 bytes): truncated while reading format version",
                () -> SlotRing.fromBytes(new byte[0]));
        byte[] other = bytes.clone();
        other[0] = 9;
        assertMessage(
                "SlotRing format version 9 is not supported (this build reads version 1)",
                () -> SlotRing.fromBytes(other));
        for (int len = 1; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertMessage("corrupt SlotRing (" + len + " bytes)", () -> SlotRing.fromBytes(cut));
        }
        assertMessage("1 unexpected trailing bytes", () -> SlotRing.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)));
        Random rnd = new Random(23);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[1 + rnd.nextInt(80)];
            rnd.nextBytes(garbage);
            garbage[0] = 1;
            try {
                SlotRing.fromBytes(garbage);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("SlotRing"), expected::getMessage);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SlotRing.fromBytes(new byte[] {1, 0}));
    }
}
