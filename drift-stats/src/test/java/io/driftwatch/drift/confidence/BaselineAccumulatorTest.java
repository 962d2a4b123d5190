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

    /** Raw confidence scores of one hour, seeded: a drifting centre, some empty and sparse hours. */
    static double[][] rawHours(long seed, int hours) {
        Random rnd = new Random(seed);
        double[][] out = new double[hours][];
        for (int h = 0; h < hours; h++) {
            int n = rnd.nextInt(8) == 0 ? rnd.nextInt(3) : 20 + rnd.nextInt(300);
            double centre = 0.82 + 0.05 * Math.sin(h / 24.0 * 2 * Math.PI) + rnd.nextGaussian() * 0.01;
            out[h] = new double[n];
            for (int i = 0; i < n; i++) {
                out[h][i] = Math.min(1.0, Math.max(0.0, centre + rnd.nextGaussian() * 0.08));
            }
        }
        return out;
    }

    static HourAggregate aggregateOf(double[] values) {
        double sum = 0;
        long below = 0;
        for (double v : values) {
            sum += v;
            below += v <= 0.5 ? 1 : 0;
        }
        return HourAggregate.of(values.length, sum, below);
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= REL * Math.abs(expected),
                () -> what + ": expected " + expected + " but was " + actual);
    }

    @ParameterizedTest(name = "minHourlyCount {0}")
    @ValueSource(longs = {1, 2, 50, 200})
    void matchesCommonsMathOnTheRawValues(long minHourlyCount) {
        double[][] hours = rawHours(99, 720);
        BaselineAccumulator acc = new BaselineAccumulator(minHourlyCount);
        List<Double> allValues = new ArrayList<>();
        SummaryStatistics hourlyMeans = new SummaryStatistics();
        List<Double> hourlyMeanList = new ArrayList<>();
        for (double[] hour : hours) {
            acc.addHour(aggregateOf(hour));
            for (double v : hour) {
                allValues.add(v);
            }
            if (hour.length >= minHourlyCount) {
                double m = new Mean().evaluate(hour);
                hourlyMeans.addValue(m);
                hourlyMeanList.add(m);
            }
        }
        double[] all = allValues.stream().mapToDouble(Double::doubleValue).toArray();
        double[] means = hourlyMeanList.stream().mapToDouble(Double::doubleValue).toArray();

        assertEquals(all.length, acc.count());
        assertRelative(new Mean().evaluate(all), acc.mean(), "inference-weighted mean");
        assertEquals(means.length, acc.hours());
        assertRelative(hourlyMeans.getMean(), acc.meanOfHourlyMeans(), "mean of hourly means");
        assertRelative(hourlyMeans.getStandardDeviation(), acc.hourlyMeanStdDev(), "stddev (SummaryStatistics)");
        assertRelative(new StandardDeviation(true).evaluate(means), acc.hourlyMeanStdDev(), "stddev (two-pass)");
        assertRelative(hourlyMeans.getVariance(), acc.hourlyMeanVariance(), "variance");
        assertTrue(acc.hourlyMeanStdDev() > 0.01 && acc.hourlyMeanStdDev() < 0.1, "a realistic spread");
    }

    @Test
    void mergingPartsEqualsAddingEverything() {
        double[][] hours = rawHours(7, 500);
        BaselineAccumulator whole = new BaselineAccumulator(5);
        BaselineAccumulator[] parts = {new BaselineAccumulator(5), new BaselineAccumulator(5), new BaselineAccumulator(5),
                new BaselineAccumulator(5)};
        Random rnd = new Random(1);
        for (double[] hour : hours) {
            HourAggregate a = aggregateOf(hour);
            whole.addHour(a);
            parts[rnd.nextInt(3)].addHour(a); // parts[3] stays empty
        }
        BaselineAccumulator merged = new BaselineAccumulator(5);
        for (BaselineAccumulator p : parts) {
            merged.merge(p);
        }
        assertEquals(whole.count(), merged.count());
        assertEquals(whole.hours(), merged.hours());
        assertRelative(whole.mean(), merged.mean(), "mean");
        assertRelative(whole.meanOfHourlyMeans(), merged.meanOfHourlyMeans(), "mean of means");
        assertRelative(whole.hourlyMeanStdDev(), merged.hourlyMeanStdDev(), "stddev");
        BaselineAccumulator copy = whole.copy();
        copy.addHour(HourAggregate.of(10, 1.0, 0));
        assertEquals(whole.count() + 10, copy.count(), "a copy is independent");
    }

    @Test
    void mergingDifferentMinimumsIsRejected() {
        assertMessage("cannot merge baselines with minHourlyCount 1 and 5",
                () -> new BaselineAccumulator().merge(new BaselineAccumulator(5)));
        assertMessage("minHourlyCount must be >= 1, was 0", () -> new BaselineAccumulator(0));
    }

    @Test
    void smallCasesByHand() {
        BaselineAccumulator acc = new BaselineAccumulator();
        assertTrue(Double.isNaN(acc.mean()));
        assertTrue(Double.isNaN(acc.meanOfHourlyMeans()));
        assertTrue(Double.isNaN(acc.hourlyMeanStdDev()));
        acc.addHour(HourAggregate.of(10, 7.0, 0));
        assertEquals(0.7, acc.mean());
        assertTrue(Double.isNaN(acc.hourlyMeanStdDev()), "one hour has no sample spread");
        acc.addHour(HourAggregate.EMPTY);
        assertEquals(1, acc.hours(), "an empty hour has no mean");
        acc.addHour(HourAggregate.of(30, 27.0, 0));
        assertEquals(34.0 / 40, acc.mean(), 1e-15);
        assertEquals(0.8, acc.meanOfHourlyMeans(), 1e-15);
        assertEquals(Math.sqrt(0.02), acc.hourlyMeanStdDev(), 1e-15); // (0.1² + 0.1²) / 1
    }

    @Test
    void sparseHoursCountInTheTotalsButNotInTheSpread() {
        BaselineAccumulator acc = new BaselineAccumulator(10);
        acc.addHour(HourAggregate.of(10, 8.0, 0));
        acc.addHour(HourAggregate.of(20, 18.0, 0));
        acc.addHour(HourAggregate.of(3, 0.3, 0));
        assertEquals(33, acc.count());
        assertEquals(26.3 / 33, acc.mean(), 1e-15);
        assertEquals(2, acc.hours());
        assertEquals(0.85, acc.meanOfHourlyMeans(), 1e-15);
    }

    @Test
    void ofRingEqualsAddingTheSameHours() {
        double[][] hours = rawHours(3, 100);
        WindowRing ring = new WindowRing(100);
        BaselineAccumulator direct = new BaselineAccumulator(2);
        long h0 = 480_000;
        for (int i = 0; i < hours.length; i++) {
            HourAggregate a = aggregateOf(hours[i]);
            ring.add(h0 + i, a);
            if (i >= 40 && i < 90) {
                direct.addHour(a);
            }
        }
        BaselineAccumulator fromRing = BaselineAccumulator.ofRing(ring, h0 + 39, h0 + 89, 2);
        assertEquals(direct.count(), fromRing.count());
        assertEquals(direct.hours(), fromRing.hours());
        assertEquals(direct.mean(), fromRing.mean());
        assertEquals(direct.hourlyMeanStdDev(), fromRing.hourlyMeanStdDev());
    }

    @Test
    void bytesRoundTripExactly() {
        BaselineAccumulator acc = new BaselineAccumulator(3);
        for (double[] hour : rawHours(5, 720)) {
            acc.addHour(aggregateOf(hour));
        }
        byte[] bytes = acc.toBytes();
        BaselineAccumulator back = BaselineAccumulator.fromBytes(bytes);
        assertEquals(acc.toString(), back.toString());
        assertEquals(acc.minHourlyCount(), back.minHourlyCount());
        assertEquals(acc.sum(), back.sum());
        assertEquals(acc.hourlyMeanVariance(), back.hourlyMeanVariance());
        assertTrue(Arrays.equals(bytes, back.toBytes()));
        System.out.printf("BaselineAccumulator bytes: 720 hours, %d inferences = %d; empty = %d%n",
                acc.count(), bytes.length, new BaselineAccumulator().toBytes().length);
        assertTrue(bytes.length <= 40);
    }

    @Test
    void corruptBytesAreRejectedClearly() {
        byte[] bytes = new BaselineAccumulator(2).toBytes();
        assertMessage("BaselineAccumulator bytes are null", () -> BaselineAccumulator.fromBytes(null));
        assertMessage("corrupt BaselineAccumulator (0 bytes): truncated while reading format version", () -> BaselineAccumulator.fromBytes(new byte[0]));
        byte[] other = bytes.clone();
        other[0] = 2;
        assertMessage("BaselineAccumulator format version 2 is not supported (this build reads version 1)",
                () -> BaselineAccumulator.fromBytes(other));
        for (int len = 1; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertMessage("truncated", () -> BaselineAccumulator.fromBytes(cut));
        }
        assertMessage("2 unexpected trailing bytes",
                () -> BaselineAccumulator.fromBytes(Arrays.copyOf(bytes, bytes.length + 2)));
        byte[] zeroMin = bytes.clone();
        zeroMin[1] = 0;
        assertMessage("minHourlyCount 0 < 1", () -> BaselineAccumulator.fromBytes(zeroMin));
        byte[] nanSum = bytes.clone();
        // version, minHourlyCount, count (one byte each), then the sum's 8 bytes: 0x7FF8... is NaN
        nanSum[3] = (byte) 0x7F;
        nanSum[4] = (byte) 0xF8;
        assertMessage("non-finite sum", () -> BaselineAccumulator.fromBytes(nanSum));
    }
}
