package io.driftwatch.connectors.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.internal.LongHashSet;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardinalityGuardTest {

    private static Labels series(int i) {
        return Labels.of("model_name", "m", "user_segment", "s" + i);
    }

    @Test
    void defaultSettings() {
        CardinalityGuardSettings d = CardinalityGuardSettings.defaults();

        assertEquals(
                java.util.Set.of("user_id", "request_id", "session_id", "user.id", "request.id", "session.id"),
                d.dropLabels());
        assertEquals(10_000, d.maxSeriesPerMetric());
        assertThrows(
                IllegalArgumentException.class,
                () -> CardinalityGuardSettings.builder().maxSeriesPerMetric(0));
    }

    @Test
    void stripRemovesDroppedLabelsAndCountsThemByName() {
        CardinalityGuard guard = new CardinalityGuard(CardinalityGuardSettings.defaults());
        Labels labels = Labels.of("model_name", "m", "user_id", "u1", "request.id", "r1", "status", "ok");

        Labels stripped = guard.strip(labels);
        guard.strip(Labels.of("user_id", "u2"));

        assertEquals(Labels.of("model_name", "m", "status", "ok"), stripped);
        assertEquals(3, guard.droppedLabels());
        assertEquals(Map.of("request.id", 1L, "user_id", 2L), guard.droppedLabelsByName());
        Labels clean = Labels.of("model_name", "m");
        assertSame(clean, guard.strip(clean), "nothing to drop: same instance");
        assertEquals(Labels.EMPTY, guard.strip(Labels.of("session_id", "s")));
    }

    @Test
    void emptyDropListKeepsEverything() {
        CardinalityGuard guard = new CardinalityGuard(
                CardinalityGuardSettings.builder().dropLabels().build());
        Labels labels = Labels.of("user_id", "u1");

        assertSame(labels, guard.strip(labels));
        assertEquals(0, guard.droppedLabels());
    }

    @Test
    void admitsAtMostTheCapOfDistinctSeriesPerMetric() {
        CardinalityGuard guard = new CardinalityGuard(
                CardinalityGuardSettings.builder().maxSeriesPerMetric(3).build());

        for (int i = 0; i < 3; i++) {
            assertTrue(guard.admit("latency", series(i)));
        }
        assertFalse(guard.admit("latency", series(3)), "a 4th series is refused");
        assertFalse(guard.admit("latency", series(4)));
        assertTrue(guard.admit("latency", series(1)), "known series still pass");
        assertTrue(guard.admit("tokens", series(3)), "the cap is per metric");

        assertEquals(3, guard.seriesCount("latency"));
        assertEquals(2, guard.refusedPoints());
        assertEquals(2, guard.refusedPoints("latency"));
        assertEquals(0, guard.refusedPoints("tokens"));
        assertEquals(Map.of("latency", 2L), guard.refusedPointsByMetric());
    }

    @Test
    void readmittedSeriesPassAfterRestoreEvenBeyondTheCap() {
        CardinalityGuard before = new CardinalityGuard(
                CardinalityGuardSettings.builder().maxSeriesPerMetric(5).build());
        for (int i = 0; i < 5; i++) {
            before.admit("latency", series(i));
        }
        before.admit("tokens", series(0));
        byte[] snapshot = before.admittedSnapshot();

        CardinalityGuard after = new CardinalityGuard(
                CardinalityGuardSettings.builder().maxSeriesPerMetric(2).build());
        after.readmit(snapshot);
        after.readmit(snapshot);

        assertEquals(5, after.seriesCount("latency"), "duplicates from several snapshots are merged");
        for (int i = 0; i < 5; i++) {
            assertTrue(after.admit("latency", series(i)), "series " + i + " was admitted before the restart");
        }
        assertFalse(after.admit("latency", series(5)), "new series are still capped");
        assertTrue(after.admit("tokens", series(0)));
        assertTrue(after.admit("tokens", series(1)));
        assertFalse(after.admit("tokens", series(2)));

        CardinalityGuard single = new CardinalityGuard(
                CardinalityGuardSettings.builder().maxSeriesPerMetric(1).build());
        single.readmit("x", series(9).seriesHash());
        assertTrue(single.admit("x", series(9)));
        assertFalse(single.admit("x", series(8)));
    }

    @Test
    void corruptSnapshotsAreRejectedClearly() {
        CardinalityGuard guard = new CardinalityGuard(CardinalityGuardSettings.defaults());
        byte[] good = guard.admittedSnapshot();

        assertThrows(IllegalArgumentException.class, () -> guard.readmit(new byte[] {0, 0, 0, 9}));
        assertThrows(
                IllegalArgumentException.class,
                () -> guard.readmit(new byte[] {0, 0, 0, 1, 0, 0, 0, 1, 0x7f, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> guard.readmit(Arrays.copyOf(good, good.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> guard.readmit(new byte[2]));
    }

    @Test
    void seriesHashSeparatesNameValueBoundaries() {
        assertNotEquals(Labels.of("a", "bc").seriesHash(), Labels.of("ab", "c").seriesHash());
        assertNotEquals(Labels.of("a", "").seriesHash(), Labels.EMPTY.seriesHash());
        assertEquals(
                Labels.of("x", "1", "y", "2").seriesHash(),
                Labels.of("y", "2", "x", "1").seriesHash());
    }

    @Test
    void seriesHashHasNoCollisionsOnAMillionSimilarLabelSets() {
        // At n = 10^6 the birthday bound for a good 64-bit hash is n^2 / 2^65, about 3e-8: any collision is a bug.
        LongHashSet hashes = new LongHashSet(1 << 21);
        int n = 0;
        for (int model = 0; model < 100; model++) {
            for (int user = 0; user < 10_000; user++) {
                assertTrue(hashes.add(Labels.of("model_name", "model-" + model, "segment", Integer.toString(user))
                        .seriesHash()));
                n++;
            }
        }
        assertEquals(n, hashes.size());
    }
}
