package io.driftwatch.cost.spike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HourlyCostsTest {

    static final long H = HourlyCosts.HOUR;
    static final long W = HourlyCosts.WEEK;
    static final long T0 = 1_700_000_000_000L / H * H;

    @Test
    void knownHoursAreRecordedOrZeroInsideTheSpan() {
        HourlyCosts h = new HourlyCosts(1);
        assertEquals(OptionalLong.empty(), h.cost(T0));
        h.record(T0, 5);
        h.record(T0 + 3 * H, 7);
        assertEquals(OptionalLong.of(5), h.cost(T0));
        assertEquals(OptionalLong.of(0), h.cost(T0 + H));
        assertEquals(OptionalLong.of(7), h.cost(T0 + 3 * H));
        assertEquals(OptionalLong.empty(), h.cost(T0 - H), "before the first hour");
        assertEquals(OptionalLong.empty(), h.cost(T0 + 4 * H), "after the newest");
        h.record(T0 + W + 2 * H, 9);
        assertEquals(OptionalLong.empty(), h.cost(T0 + H), "more than one week before the newest");
        assertEquals(OptionalLong.of(0), h.cost(T0 + 2 * H), "exactly one week before the newest");
        assertEquals(OptionalLong.of(7), h.cost(T0 + 3 * H));
        h.record(T0 + 5 * W, 1); // a gap longer than the span
        assertEquals(OptionalLong.of(0), h.cost(T0 + 5 * W - H));
        assertEquals(OptionalLong.of(T0), h.firstHourEnd());
    }

    @Test
    void bytesRoundTripAndResizeKeepsTheNewestHours() {
        HourlyCosts h = new HourlyCosts(2);
        for (long t = T0; t < T0 + 3 * W; t += H) {
            h.record(t, (t - T0) / H * 1_000 - 50_000);
        }
        byte[] bytes = h.toBytes();
        assertArrayEquals(bytes, HourlyCosts.fromBytes(bytes, 2).toBytes());
        HourlyCosts one = HourlyCosts.fromBytes(bytes, 1);
        long newest = T0 + 3 * W - H;
        assertEquals(h.cost(newest), one.cost(newest));
        assertEquals(h.cost(newest - W + H), one.cost(newest - W + H));
        assertEquals(h.cost(newest - W), one.cost(newest - W));
        assertEquals(OptionalLong.empty(), one.cost(newest - W - H));
        HourlyCosts four = HourlyCosts.fromBytes(bytes, 4);
        assertEquals(h.cost(newest - 2 * W + H), four.cost(newest - 2 * W + H));
        assertArrayEquals(
                new HourlyCosts(3).toBytes(),
                HourlyCosts.fromBytes(new HourlyCosts(3).toBytes(), 3).toBytes());
    }

    @Test
    void refusesHoursOutOfOrderOrNotWhole() {
        HourlyCosts h = new HourlyCosts(1);
        h.record(T0 + H, 1);
        assertThrows(IllegalArgumentException.class, () -> h.record(T0, 1));
        assertThrows(IllegalArgumentException.class, () -> h.record(T0 + H + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> HourlyCosts.fromBytes(new byte[] {1, 1}, 1));
    }
}
