package io.driftwatch.drift.confidence;

import static io.driftwatch.drift.confidence.BucketShareTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaselineAccumulatorTest {

    private static final double REL = 1e-12;

    /** Raw confidence scores of one slot, seeded: a drifting centre, some empty and sparse slots. */
    static double[][] rawSlots(long seed, int slots) {
        Random rnd = new Random(seed);
        double[][] out = new double[slots][];
        for (int h = 0; h < slots; h++) {
            int n = rnd.nextInt(8) == 0 ? rnd.nextInt(3) : 20 + rnd.nextInt(300);
            double centre = 0.82 + 0.05 * Math.sin(h / 24.0 * 2 * Math.PI) + rnd.nextGaussian() * 0.01;
            out[h] = new double[n];
            for (int i = 0; i < n; i++) {
                out[h][i] = Math.min(1.0, Math.max(0.0, centre + rnd.nextGaussian() * 0.08));
            }
        }
        return out;
    }

    static SlotAggregate aggregateOf(double[] values) {
        double sum = 0;
        long below = 0;
        for (double v : values) {
            sum += v;
            below += v <= 0.5 ? 1 : 0;
        }
        return SlotAggregate.of(values.length, sum, below);
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertTrue(
                Math.abs(expected - actual) <= REL * Math.abs(expected),
                () -> what + ": expected " + expected + " but was " + actual);
    }

    @ParameterizedTest(name = "minSlotCount {0}")
    @ValueSource(longs = {1, 2, 50, 200})
    void matchesCommonsMathOnTheRawValues(long minSlotCount) {
        double[][] slots = rawSlots(99, 720);
        BaselineAccumulator acc = new BaselineAccumulator(minSlotCount);
        List<Double> allValues = new ArrayList<>();
        SummaryStatistics slotMeans = new SummaryStatistics();
        List<Double> slotMeanList = new ArrayList<>();
        for (double[] slot : slots) {
            acc.addSlot(aggregateOf(slot));
            for (double v : slot) {
                allValues.add(v);
            }
            if (slot.length >= minSlotCount) {
                double m = new Mean().evaluate(slot);
                slotMeans.addValue(m);
                slotMeanList.add(m);
            }
        }
        double[] all = allValues.stream().mapToDouble(Double::doubleValue).toArray();
        double[] means = slotMeanList.stream().mapToDouble(Double::doubleValue).toArray();

        assertEquals(all.length, acc.count());
        assertRelative(new Mean().evaluate(all), acc.mean(), "inference-weighted mean");
        assertEquals(means.length, acc.slots());
        assertRelative(slotMeans.getMean(), acc.meanOfSlotMeans(), "mean of slot means");
        assertRelative(slotMeans.getStandardDeviation(), acc.slotMeanStdDev(), "stddev (SummaryStatistics)");
        assertRelative(new StandardDeviation(true).evaluate(means), acc.slotMeanStdDev(), "stddev (two-pass)");
        assertRelative(slotMeans.getVariance(), acc.slotMeanVariance(), "variance");
        assertTrue(acc.slotMeanStdDev() > 0.01 && acc.slotMeanStdDev() < 0.1, "a realistic spread");
    }

    @Test
    void mergingPartsEqualsAddingEverything() {
        double[][] slots = rawSlots(7, 500);
        BaselineAccumulator whole = new BaselineAccumulator(5);
        BaselineAccumulator[] parts = {
            new BaselineAccumulator(5),
            new BaselineAccumulator(5),
            new BaselineAccumulator(5),
            new BaselineAccumulator(5)
        };
        Random rnd = new Random(1);
        for (double[] slot : slots) {
            SlotAggregate a = aggregateOf(slot);
            whole.addSlot(a);
            parts[rnd.nextInt(3)].addSlot(a); // parts[3] stays empty
        }
        BaselineAccumulator merged = new BaselineAccumulator(5);
        for (BaselineAccumulator p : parts) {
            merged.merge(p);
        }
        assertEquals(whole.count(), merged.count());
        assertEquals(whole.slots(), merged.slots());
        assertRelative(whole.mean(), merged.mean(), "mean");
        assertRelative(whole.meanOfSlotMeans(), merged.meanOfSlotMeans(), "mean of means");
        assertRelative(whole.slotMeanStdDev(), merged.slotMeanStdDev(), "stddev");
        BaselineAccumulator copy = whole.copy();
        copy.addSlot(SlotAggregate.of(10, 1.0, 0));
        assertEquals(whole.count() + 10, copy.count(), "a copy is independent");
    }

    @Test
    void mergingDifferentMinimumsIsRejected() {
        assertMessage(
                "cannot merge baselines with minSlotCount 1 and 5",
                () -> new BaselineAccumulator().merge(new BaselineAccumulator(5)));
        assertMessage("minSlotCount must be >= 1, was 0", () -> new BaselineAccumulator(0));
    }

    @Test
    void smallCasesByHand() {
        BaselineAccumulator acc = new BaselineAccumulator();
        assertTrue(Double.isNaN(acc.mean()));
        assertTrue(Double.isNaN(acc.meanOfSlotMeans()));
        assertTrue(Double.isNaN(acc.slotMeanStdDev()));
        acc.addSlot(SlotAggregate.of(10, 7.0, 0));
        assertEquals(0.7, acc.mean());
        assertTrue(Double.isNaN(acc.slotMeanStdDev()), "one slot has no sample spread");
        acc.addSlot(SlotAggregate.EMPTY);
        assertEquals(1, acc.slots(), "an empty slot has no mean");
        acc.addSlot(SlotAggregate.of(30, 27.0, 0));
        assertEquals(34.0 / 40, acc.mean(), 1e-15);
        assertEquals(0.8, acc.meanOfSlotMeans(), 1e-15);
        assertEquals(Math.sqrt(0.02), acc.slotMeanStdDev(), 1e-15); // (0.1² + 0.1²) / 1
    }

    @Test
    void sparseSlotsCountInTheTotalsButNotInTheSpread() {
        BaselineAccumulator acc = new BaselineAccumulator(10);
        acc.addSlot(SlotAggregate.of(10, 8.0, 0));
        acc.addSlot(SlotAggregate.of(20, 18.0, 0));
        acc.addSlot(SlotAggregate.of(3, 0.3, 0));
        assertEquals(33, acc.count());
        assertEquals(26.3 / 33, acc.mean(), 1e-15);
        assertEquals(2, acc.slots());
        assertEquals(0.85, acc.meanOfSlotMeans(), 1e-15);
    }

    @Test
    void ofRingEqualsAddingTheSameSlots() {
        double[][] slots = rawSlots(3, 100);
        SlotRing ring = new SlotRing(100);
        BaselineAccumulator direct = new BaselineAccumulator(2);
        long h0 = 480_000;
        for (int i = 0; i < slots.length; i++) {
            SlotAggregate a = aggregateOf(slots[i]);
            ring.add(h0 + i, a);
            if (i >= 40 && i < 90) {
                direct.addSlot(a);
            }
        }
        BaselineAccumulator fromRing = BaselineAccumulator.ofRing(ring, h0 + 39, h0 + 89, 2);
        assertEquals(direct.count(), fromRing.count());
        assertEquals(direct.slots(), fromRing.slots());
        assertEquals(direct.mean(), fromRing.mean());
        assertEquals(direct.slotMeanStdDev(), fromRing.slotMeanStdDev());
    }

    @Test
    void bytesRoundTripExactly() {
        BaselineAccumulator acc = new BaselineAccumulator(3);
        for (double[] slot : rawSlots(5, 720)) {
            acc.addSlot(aggregateOf(slot));
        }
        byte[] bytes = acc.toBytes();
        BaselineAccumulator back = BaselineAccumulator.fromBytes(bytes);
        assertEquals(acc.toString(), back.toString());
        assertEquals(acc.minSlotCount(), back.minSlotCount());
        assertEquals(acc.sum(), back.sum());
        assertEquals(acc.slotMeanVariance(), back.slotMeanVariance());
        assertTrue(Arrays.equals(bytes, back.toBytes()));
        System.out.printf(
                "BaselineAccumulator bytes: 720 slots, %d inferences = %d; empty = %d%n",
                acc.count(), bytes.length, new BaselineAccumulator().toBytes().length);
        assertTrue(bytes.length <= 40);
    }

    @Test
    void corruptBytesAreRejectedClearly() {
        byte[] bytes = new BaselineAccumulator(2).toBytes();
        assertMessage("BaselineAccumulator bytes are null", () -> BaselineAccumulator.fromBytes(null));
        assertMessage(
                "corrupt BaselineAccumulator (0 bytes): truncated while reading format version",
                () -> BaselineAccumulator.fromBytes(new byte[0]));
        byte[] other = bytes.clone();
        other[0] = 2;
        assertMessage(
                "BaselineAccumulator format version 2 is not supported (this build reads version 1)",
                () -> BaselineAccumulator.fromBytes(other));
        for (int len = 1; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertMessage("truncated", () -> BaselineAccumulator.fromBytes(cut));
        }
        assertMessage(
                "2 unexpected trailing bytes",
                () -> BaselineAccumulator.fromBytes(Arrays.copyOf(bytes, bytes.length + 2)));
        byte[] zeroMin = bytes.clone();
        zeroMin[1] = 0;
        assertMessage("minSlotCount 0 < 1", () -> BaselineAccumulator.fromBytes(zeroMin));
        byte[] nanSum = bytes.clone();
        // version, minSlotCount, count (one byte each), then the sum's 8 bytes: 0x7FF8... is NaN
        nanSum[3] = (byte) 0x7F;
        nanSum[4] = (byte) 0xF8;
        assertMessage("non-finite sum", () -> BaselineAccumulator.fromBytes(nanSum));
    }
}
