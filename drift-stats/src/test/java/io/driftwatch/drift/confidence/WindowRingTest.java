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

class WindowRingTest {

    private static final long H0 = 490_000; // an epoch hour in 2025

    private static HourAggregate agg(long count, double mean) {
        return HourAggregate.of(count, count * mean, count / 4.0);
    }

    @Test
    void windowIncludesItsEndHourAndExcludesTheHourWindowHoursBefore() {
        WindowRing ring = new WindowRing(48);
        for (long h = H0; h <= H0 + 10; h++) {
            ring.add(h, HourAggregate.of(h - H0 + 1, 0.5 * (h - H0 + 1), 0));
        }
        // (H0+10-5, H0+10]: hours H0+6..H0+10, counts 7..11
        assertEquals(7 + 8 + 9 + 10 + 11, ring.window(H0 + 10, 5).count());
        assertEquals(HourAggregate.of(11, 5.5, 0), ring.sum(H0 + 9, H0 + 10), "only the end hour");
        assertEquals(HourAggregate.EMPTY, ring.sum(H0 + 10, H0 + 10), "empty range");
        assertEquals(1, ring.sum(H0 - 1, H0).count(), "hour H0 is in (H0-1, H0]");
        assertEquals(0, ring.sum(H0, H0 + 0).count());
    }

    @Test
    void hourOfFloorsEpochMillis() {
        assertEquals(0, WindowRing.hourOf(3_599_999));
        assertEquals(1, WindowRing.hourOf(3_600_000));
        assertEquals(-1, WindowRing.hourOf(-1));
    }

    @Test
    void sameHourIsMerged() {
        WindowRing ring = new WindowRing(24);
        assertTrue(ring.add(H0, HourAggregate.of(2, 1.0, 1)));
        assertTrue(ring.add(H0, HourAggregate.of(3, 2.0, 0.5)));
        assertEquals(HourAggregate.of(5, 3.0, 1.5), ring.get(H0));
        assertEquals(1, ring.size());
    }

    @Test
    void advancingEvictsHoursThatLeaveTheCapacityAndRefusesThem() {
        WindowRing ring = new WindowRing(24);
        for (long h = H0; h < H0 + 24; h++) {
            assertTrue(ring.add(h, agg(10, 0.8)));
        }
        assertEquals(24, ring.size());
        assertTrue(ring.add(H0 + 30, agg(1, 0.5)));
        // kept: (H0+30-24, H0+30] = H0+7 .. H0+23 and H0+30
        assertEquals(17 + 1, ring.size());
        assertEquals(HourAggregate.EMPTY, ring.get(H0 + 6));
        assertEquals(agg(10, 0.8), ring.get(H0 + 7));
        assertFalse(ring.add(H0 + 6, agg(1, 0.5)), "at newest - capacity: too old");
        assertTrue(ring.add(H0 + 7, agg(1, 0.5)));
        assertEquals(11, ring.get(H0 + 7).count());
        assertEquals(18, ring.size());
    }

    @Test
    void aJumpBeyondTheCapacityClearsEverything() {
        WindowRing ring = new WindowRing(24);
        ring.add(H0, agg(1, 0.5));
        ring.add(H0 + 5, agg(1, 0.5));
        ring.add(H0 + 29, agg(2, 0.5));
        assertEquals(1, ring.size());
        assertEquals(2, ring.window(H0 + 29, 24).count());
        assertEquals(H0 + 29, ring.newestHour().getAsLong());
    }

    @Test
    void explicitEviction() {
        WindowRing ring = new WindowRing(24);
        for (long h = H0; h < H0 + 10; h++) {
            ring.add(h, agg(1, 0.5));
        }
        assertEquals(4, ring.evictAtOrBefore(H0 + 3));
        assertEquals(6, ring.size());
        assertEquals(6, ring.window(H0 + 9, 24).count());
    }

    @Test
    void rangesLongerThanTheCapacityOrReversedAreRejected() {
        WindowRing ring = new WindowRing(24);
        ring.add(H0, agg(1, 0.5));
        assertEquals(1, ring.window(H0, 24).count());
        assertMessage("hour range (" + (H0 - 25) + ", " + H0 + "] is reversed or longer than the ring capacity of 24",
                () -> ring.window(H0, 25));
        assertMessage("reversed", () -> ring.sum(H0, H0 - 1));
        assertMessage("ring capacity 0 hours is outside [1, 100000]", () -> new WindowRing(0));
        assertMessage("hour index", () -> ring.add(Long.MIN_VALUE, agg(1, 0.5)));
    }

    @Test
    void visitsHoursInAscendingOrder() {
        WindowRing ring = new WindowRing(8);
        long[] added = {H0 + 5, H0 + 1, H0 + 7, H0 + 3};
        for (long h : added) {
            ring.add(h, agg(h - H0, 0.5));
        }
        List<Long> seen = new ArrayList<>();
        ring.forEachHour(H0, H0 + 7, (h, a) -> {
            seen.add(h);
            assertEquals(h - H0, a.count());
        });
        assertEquals(List.of(H0 + 1, H0 + 3, H0 + 5, H0 + 7), seen);
    }

    /** Random adds, late data and window queries against a plain sorted map with the same rules. */
    @Test
    void behavesLikeAReferenceMap() {
        Random rnd = new Random(17);
        int capacity = 36;
        WindowRing ring = new WindowRing(capacity);
        TreeMap<Long, HourAggregate> reference = new TreeMap<>();
        long newest = Long.MIN_VALUE;
        long hour = H0;
        for (int step = 0; step < 20_000; step++) {
            hour += rnd.nextInt(10) == 0 ? rnd.nextInt(50) : rnd.nextInt(2);
            long h = hour - rnd.nextInt(45); // late data, sometimes too late
            HourAggregate a = HourAggregate.of(1 + rnd.nextInt(100), rnd.nextDouble(), 0.0);
            a = HourAggregate.of(a.count(), a.sum() * a.count(), rnd.nextDouble() * a.count());
            boolean expectAccepted = newest == Long.MIN_VALUE || h > newest - capacity;
            assertEquals(expectAccepted, ring.add(h, a));
            if (expectAccepted) {
                newest = Math.max(newest, h);
                reference.merge(h, a, HourAggregate::plus);
                reference.headMap(newest - capacity, true).clear();
            }
            assertEquals(reference.size(), ring.size());
            if (step % 50 == 0) {
                int w = 1 + rnd.nextInt(capacity);
                long end = newest - rnd.nextInt(10);
                HourAggregate expected = HourAggregate.EMPTY;
                for (Map.Entry<Long, HourAggregate> e : reference.subMap(end - w, false, end, true).entrySet()) {
                    expected = expected.plus(e.getValue());
                }
                assertEquals(expected, ring.window(end, w), "window " + w + " ending " + end);
                assertRoundTrip(ring);
            }
        }
    }

    @Test
    void serialisedSizes() {
        for (int hours : new int[] {24, 720}) {
            WindowRing ring = new WindowRing(hours);
            Random rnd = new Random(hours);
            for (long h = H0; h < H0 + hours; h++) {
                long count = 5_000 + rnd.nextInt(60_000);
                ring.add(h, HourAggregate.of(count, count * (0.7 + rnd.nextDouble() / 5), rnd.nextDouble() * count));
            }
            int bytes = ring.toBytes().length;
            System.out.printf("WindowRing bytes: %d full hours = %d (%.1f per hour)%n", hours, bytes, (double) bytes / hours);
            assertTrue(bytes <= 12 + hours * 20, "ring of " + hours + " hours: " + bytes);
            assertRoundTrip(ring);
        }
        assertRoundTrip(new WindowRing(5));
        System.out.printf("WindowRing bytes: empty = %d%n", new WindowRing(720).toBytes().length);
    }

    private static void assertRoundTrip(WindowRing ring) {
        byte[] bytes = ring.toBytes();
        WindowRing back = WindowRing.fromBytes(bytes);
        assertEquals(ring.capacityHours(), back.capacityHours());
        assertEquals(ring.size(), back.size());
        assertEquals(ring.newestHour(), back.newestHour());
        if (ring.newestHour().isPresent()) {
            long newest = ring.newestHour().getAsLong();
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            ring.forEachHour(newest - ring.capacityHours(), newest, (h, x) -> a.add(h + "=" + x));
            back.forEachHour(newest - ring.capacityHours(), newest, (h, x) -> b.add(h + "=" + x));
            assertEquals(a, b);
        }
        assertTrue(Arrays.equals(bytes, back.toBytes()));
    }

    @Test
    void corruptBytesAreRejectedClearly() {
        WindowRing ring = new WindowRing(24);
        ring.add(H0, agg(10, 0.8));
        ring.add(H0 + 2, agg(20, 0.7));
        byte[] bytes = ring.toBytes();
        assertMessage("WindowRing bytes are null", () -> WindowRing.fromBytes(null));
        assertMessage("corrupt WindowRing (0 bytes): truncated while reading format version", () -> WindowRing.fromBytes(new byte[0]));
        byte[] other = bytes.clone();
        other[0] = 9;
        assertMessage("WindowRing format version 9 is not supported (this build reads version 1)",
                () -> WindowRing.fromBytes(other));
        for (int len = 1; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertMessage("corrupt WindowRing (" + len + " bytes)", () -> WindowRing.fromBytes(cut));
        }
        assertMessage("1 unexpected trailing bytes", () -> WindowRing.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)));
        Random rnd = new Random(23);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[1 + rnd.nextInt(80)];
            rnd.nextBytes(garbage);
            garbage[0] = 1;
            try {
                WindowRing.fromBytes(garbage);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("WindowRing"), expected::getMessage);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> WindowRing.fromBytes(new byte[] {1, 0}));
    }
}
