package io.driftwatch.cost.spike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CostSpikeCheckTest {

    static final long H = HourlyCosts.HOUR;
    static final long W = HourlyCosts.WEEK;
    static final long T0 = 1_700_000_000_000L / H * H;

    /** Four weeks of a flat 1.000000 per hour with a Monday-like peak of 3.000000 at hour 10 of each week. */
    static HourlyCosts weeklyPeak(int weeks) {
        HourlyCosts h = new HourlyCosts(4);
        for (long t = T0; t < T0 + weeks * W; t += H) {
            h.record(t, (t - T0) % W == 10 * H ? 3_000_000 : 1_000_000);
        }
        return h;
    }

    @Test
    void theRecurringPeakIsNoSpikeTheSameCostAtAnotherHourIs() {
        CostSpikeCheck check = new CostSpikeCheck(4, 3, 4.0, 2.0);
        HourlyCosts h = weeklyPeak(4);
        long peak = T0 + 4 * W + 10 * H;
        h.record(peak - H, 1_000_000);
        h.record(peak, 3_000_000);
        assertEquals(Optional.empty(), check.check(h, peak));
        h.record(peak + 7 * H, 3_000_000);
        CostSpike s = check.check(h, peak + 7 * H).orElseThrow();
        assertEquals(4, s.weeks());
        assertEquals(0, new BigDecimal("1").compareTo(s.mean()));
        assertEquals(0, BigDecimal.ZERO.compareTo(s.stddev()));
        assertEquals(3_000_000, s.costMicros());
    }

    @Test
    void notJudgedBeforeMinWeeksOfHistory() {
        CostSpikeCheck check = new CostSpikeCheck(4, 3, 4.0, 2.0);
        HourlyCosts h = weeklyPeak(2);
        long t = T0 + 2 * W + 3 * H;
        h.record(t, 9_000_000);
        assertEquals(Optional.empty(), check.check(h, t), "two weeks of history only");
        HourlyCosts three = weeklyPeak(3);
        three.record(t + W, 9_000_000);
        assertTrue(check.check(three, t + W).isPresent());
    }

    /** By hand: x = 2, 4, 4, 4 → m = 3.5, s = √(0.75) ≈ 0.866; k = 2 → bound 5.232; ratio 1.5 → 5.25. */
    @Test
    void bothConditionsByHand() {
        CostSpikeCheck check = new CostSpikeCheck(4, 4, 2.0, 1.5);
        long t = T0 + 4 * W;
        for (long c : new long[] {5_240_000, 5_250_000, 5_250_001}) {
            HourlyCosts h = new HourlyCosts(4);
            h.record(T0, 2_000_000);
            h.record(T0 + W, 4_000_000);
            h.record(T0 + 2 * W, 4_000_000);
            h.record(T0 + 3 * W, 4_000_000);
            h.record(t, c);
            assertEquals(c == 5_250_001, check.check(h, t).isPresent(), "cost " + c);
        }
        HourlyCosts h = new HourlyCosts(4);
        h.record(T0, 2_000_000);
        h.record(T0 + W, 4_000_000);
        h.record(T0 + 2 * W, 4_000_000);
        h.record(T0 + 3 * W, 4_000_000);
        h.record(t, 5_231_000); // above 1.5 × m but under m + 2s = 5.2320508…
        assertFalse(new CostSpikeCheck(4, 4, 2.0, 1.0).check(h, t).isPresent());
        h = new HourlyCosts(4);
        h.record(T0, 2_000_000);
        h.record(T0 + W, 4_000_000);
        h.record(T0 + 2 * W, 4_000_000);
        h.record(T0 + 3 * W, 4_000_000);
        h.record(t, 5_233_000);
        CostSpike s = new CostSpikeCheck(4, 4, 2.0, 1.0).check(h, t).orElseThrow();
        assertEquals(new BigDecimal("3.5"), s.mean());
        assertEquals(new BigDecimal("0.866025"), s.stddev());
    }

    @Test
    void hoursWithoutUsageCountAsZeroHoursBeforeTheFirstAreUnknown() {
        CostSpikeCheck check = new CostSpikeCheck(4, 3, 4.0, 2.0);
        HourlyCosts h = new HourlyCosts(4);
        h.record(T0 + 5 * H, 1_000_000); // first ever hour: T0 + 5h
        long t = T0 + 3 * W + 4 * H;
        h.record(t, 500_000);
        // weeks 1 and 2 before t are known zeros; week 3 (T0 + 4h) is before the first hour
        assertEquals(Optional.empty(), check.check(h, t), "two known weeks only");
        h.record(t + W, 2_000_000);
        // 0, 0, 0.5: m = 0.1666…, s = 0.2357…, m + 4s = 1.109…, 2m = 0.333…
        CostSpike s = check.check(h, t + W).orElseThrow();
        assertEquals(3, s.weeks());
    }

    /** Random histories against a BigDecimal computation of the definition with square roots. */
    @Test
    void agreesWithTheDefinitionOnRandomHistories() {
        SplittableRandom rng = new SplittableRandom(7);
        int spikes = 0;
        for (int run = 0; run < 2000; run++) {
            int weeks = 1 + rng.nextInt(6);
            int minWeeks = 1 + rng.nextInt(weeks);
            double k = 0.5 + rng.nextInt(8) * 0.5;
            double r = 1 + rng.nextInt(4) * 0.25;
            HourlyCosts h = new HourlyCosts(weeks);
            long start = T0 + rng.nextInt(200) * H;
            long end = T0 + (weeks + 1) * W + rng.nextInt(100) * H;
            List<long[]> recorded = new ArrayList<>();
            for (long t = start; t <= end; t += H * (1 + rng.nextInt(3))) {
                long c = rng.nextInt(10) == 0 ? 0 : 1_000_000 + rng.nextInt(4_000_000);
                h.record(t, c);
                recorded.add(new long[] {t, c});
            }
            long t = recorded.get(recorded.size() - 1)[0];
            long c = recorded.get(recorded.size() - 1)[1];
            List<BigDecimal> xs = new ArrayList<>();
            for (int i = 1; i <= weeks; i++) {
                long ti = t - i * W;
                if (ti >= start) {
                    long v = 0;
                    for (long[] e : recorded) {
                        if (e[0] == ti) {
                            v = e[1];
                        }
                    }
                    xs.add(BigDecimal.valueOf(v));
                }
            }
            boolean expected = false;
            if (xs.size() >= minWeeks) {
                MathContext mc = new MathContext(50);
                BigDecimal n = BigDecimal.valueOf(xs.size());
                BigDecimal m =
                        xs.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(n, mc);
                BigDecimal var = xs.stream()
                        .map(x -> x.subtract(m).pow(2))
                        .reduce(BigDecimal.ZERO, BigDecimal::add)
                        .divide(n, mc);
                BigDecimal s = var.sqrt(mc);
                BigDecimal cc = BigDecimal.valueOf(c);
                expected = cc.compareTo(m.add(new BigDecimal(k).multiply(s))) > 0
                        && cc.compareTo(new BigDecimal(r).multiply(m)) > 0;
            }
            boolean got = new CostSpikeCheck(weeks, minWeeks, k, r).check(h, t).isPresent();
            assertEquals(expected, got, "run " + run);
            spikes += got ? 1 : 0;
        }
        assertTrue(spikes > 20 && spikes < 1980, "spikes: " + spikes);
    }

    @Test
    void refusesBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new CostSpikeCheck(2, 3, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> new CostSpikeCheck(4, 3, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new CostSpikeCheck(4, 3, 4, 0.5));
    }
}
