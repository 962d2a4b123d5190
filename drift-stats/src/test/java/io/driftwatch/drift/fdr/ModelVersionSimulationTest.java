package io.driftwatch.drift.fdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureComparison.Transition;
import io.driftwatch.drift.feature.Method;
import io.driftwatch.drift.feature.MethodScore;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * 200 stable and 10 drifted features of one model version over 200 evaluations, every KS statistic and p-value
 * computed from samples (20,000 baseline values per feature, N(0, 1)); three rules decide on the same data: the
 * effect floor alone (D ≥ ks-min-d), the per-feature rule at α = 0.001 (the default before the short window; now 10⁻⁶) with the floor and BH at
 * q = 0.01 with the floor ({@link ModelVersionVerdicts}). Two windows: a sliding 24 h window of 24 intervals of
 * 84 values (2,016; consecutive evaluations share 23/24 of it) and a 1 h window of 1,000 values (disjoint, so
 * independent evaluations). Drifted feature j is N(δ_j, 1) throughout, δ from 0.1 sd (population D 0.040, below
 * the floor) to 1 sd (D 0.383); a fourth rule, the defaults (α = 10⁻⁶, BH at min(q, m·α)), must keep the share of
 * false events among all events at or below q. Prints the table README quotes.
 */
class ModelVersionSimulationTest {

    private static final int STABLE = 200;
    private static final double[] SHIFTS = {0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.4, 0.5, 1.0};
    private static final int FEATURES = STABLE + SHIFTS.length;
    private static final int BASELINE = 20_000;
    private static final int EVALUATIONS = 200;
    private static final double Q = 0.01;
    // alpha pinned at 0.001, the per-feature default before the short window's false-event budget (now 1e-6)
    private static final DriftPolicy POLICY =
            DriftPolicy.builder().ksAlpha(0.001).build();
    /** The defaults: α = 10⁻⁶ per feature, so BH runs at min(q, m·α) = 2.1·10⁻⁴ for these 210 features. */
    private static final DriftPolicy DEFAULTS = DriftPolicy.defaults();

    private record Window(String name, int intervalValues, int intervals) {
        int values() {
            return intervalValues * intervals;
        }
    }

    /** What one rule did over one run. */
    private static final class Tally {
        final String rule;
        int falseEvents;
        int trueEvents;
        long falseRejections;
        long rejections;
        double fdpSum;
        final double[] fdp = new double[EVALUATIONS];
        long falseFiring;
        long firing;
        final int[] driftedFiring = new int[SHIFTS.length];
        final int[] firstFire = new int[SHIFTS.length];

        Tally(String rule) {
            this.rule = rule;
            Arrays.fill(firstFire, -1);
        }

        double falseEventShare() {
            return falseEvents / (double) Math.max(1, falseEvents + trueEvents);
        }

        double meanFdp() {
            return fdpSum / EVALUATIONS;
        }

        /**
         * Standard error of the mean FDP from the means of batches one window long: disjoint windows are independent,
         * so batch means of sliding windows are nearly so (neighbours share part of one window).
         */
        double fdpStandardError(int batch) {
            int batches = EVALUATIONS / batch;
            double[] means = new double[batches];
            for (int b = 0; b < batches; b++) {
                for (int i = 0; i < batch; i++) {
                    means[b] += fdp[b * batch + i] / batch;
                }
            }
            double mean = Arrays.stream(means).average().orElseThrow();
            double var = Arrays.stream(means).map(x -> (x - mean) * (x - mean)).sum() / (batches - 1);
            return Math.sqrt(var / batches);
        }
    }

    @Test
    void falseDiscoveriesAndPower() {
        Baseline[] baselines = new Baseline[FEATURES];
        Gaussian baselineRandom = new Gaussian(2026_12_06L);
        for (int f = 0; f < FEATURES; f++) {
            double[] b = new double[BASELINE];
            for (int i = 0; i < BASELINE; i++) {
                b[i] = baselineRandom.next();
            }
            Arrays.sort(b);
            baselines[f] = new Baseline(b);
        }
        for (Window w : List.of(new Window("24 h sliding", 84, 24), new Window("1 h disjoint", 1000, 1))) {
            double[][][] dp = scores(baselines, w);
            Tally floor = run("D >= ks-min-d only", dp, w, FdrLevel.off(), true, POLICY);
            Tally today = run("alpha=0.001 per feature + floor", dp, w, FdrLevel.off(), false, POLICY);
            Tally bh = run("BH q=0.01 + floor", dp, w, FdrLevel.of(Q), false, POLICY);
            Tally defaults = run("defaults: BH at min(q, m*1e-6) + floor", dp, w, FdrLevel.of(Q), false, DEFAULTS);
            System.out.print(table(w, List.of(floor, today, bh, defaults)));
            // at the defaults' level the share of false events among all events stays at or below q
            assertTrue(defaults.trueEvents > 0, w.name());
            assertTrue(defaults.falseEventShare() <= Q, w.name() + ": " + defaults.falseEventShare());

            // BH's theorem: E[V/R] ≤ q·m0/m for independent features; the mean over the run within 3 standard errors
            double bound = Q * STABLE / FEATURES;
            double se = bh.fdpStandardError(w.intervals());
            assertTrue(
                    bh.meanFdp() <= bound + 3 * se,
                    w.name() + ": mean FDP " + bh.meanFdp() + " > " + bound + " + 3 × " + se);
            assertTrue(bh.falseEvents <= today.falseEvents, w.name() + ": BH made more false events than today");
            assertTrue(today.falseEvents <= floor.falseEvents, w.name());
            double significance = POLICY.ksThreshold(BASELINE, w.values(), 0, 0);
            if (significance > POLICY.ksMinD()) {
                // the significance term binds (1 h window): today's rule calls a stable feature with probability
                // Q(c(α)) ≈ α, 40 expected false calls; BH's cut with ~9 features called is about 9·q/m ≈ 4.3e-4,
                // 17 expected. Poisson spreads of 6 and 4: fewer is a 3-sd margin, not luck of the seed.
                assertTrue(bh.falseEvents < today.falseEvents, w.name());
            }
            // power: every feature whose population D is at least 1.6 × the floor (δ ≥ 0.2 sd) is firing at
            // least 90 % of the evaluations under BH, and the 1 sd shift fires at the first
            for (int j = 0; j < SHIFTS.length; j++) {
                if (populationD(SHIFTS[j]) >= 1.6 * POLICY.ksMinD()) {
                    assertTrue(
                            bh.driftedFiring[j] >= 0.9 * EVALUATIONS,
                            w.name() + ": shift " + SHIFTS[j] + " firing " + bh.driftedFiring[j]);
                }
            }
            assertEquals(0, bh.firstFire[SHIFTS.length - 1], w.name());
        }
    }

    /** D and p of every feature at every evaluation: [evaluation][feature][0 = D, 1 = p]. */
    private static double[][][] scores(Baseline[] baselines, Window w) {
        double[][][] dp = new double[EVALUATIONS][FEATURES][2];
        KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();
        for (int f = 0; f < FEATURES; f++) {
            Gaussian random = new Gaussian(w.values() * 1000L + f);
            double shift = f < STABLE ? 0 : SHIFTS[f - STABLE];
            double[][] ring = new double[w.intervals()][];
            double[] window = new double[0];
            for (int step = 0; step < w.intervals() - 1 + EVALUATIONS; step++) {
                double[] interval = new double[w.intervalValues()];
                for (int i = 0; i < interval.length; i++) {
                    interval[i] = shift + random.next();
                }
                Arrays.sort(interval);
                double[] leaving = ring[step % w.intervals()];
                window = merge(leaving == null ? window : remove(window, leaving), interval);
                ring[step % w.intervals()] = interval;
                int e = step - (w.intervals() - 1);
                if (e < 0) {
                    continue;
                }
                double d = baselines[f].statistic(window);
                double p = KolmogorovSmirnov.asymptoticP(d, BASELINE, window.length);
                dp[e][f][0] = d;
                dp[e][f][1] = p;
                if (e % 50 == 0 && (f % 50 == 0 || f >= STABLE)) {
                    // independent checks: the window is its intervals, D and p as the library and commons-math
                    // compute them from the samples
                    double[] all = Arrays.stream(ring)
                            .flatMapToDouble(Arrays::stream)
                            .sorted()
                            .toArray();
                    assertArrayEquals(all, window, 0.0);
                    double[] baseline = baselines[f].values;
                    assertEquals(KolmogorovSmirnov.statistic(baseline, window), d, 0.0);
                    assertEquals(commons.kolmogorovSmirnovStatistic(baseline, window), d, 1e-15);
                    assertEquals(KolmogorovSmirnov.test(baseline, window).pValue(), p, 0.0);
                    assertEquals(commons.approximateP(d, BASELINE, window.length), p, 1e-12);
                }
            }
        }
        return dp;
    }

    private static Tally run(
            String name, double[][][] dp, Window w, FdrLevel level, boolean floorOnly, DriftPolicy policy) {
        Tally t = new Tally(name);
        boolean[] firing = new boolean[FEATURES];
        long n = BASELINE;
        long m = w.values();
        double threshold = floorOnly ? policy.ksMinD() : policy.ksThreshold(n, m, 0, 0);
        // every feature is in the family (KS, enough observations): BH's level min(q, m·α)
        double bhLevel = level.isOff() ? Double.NaN : Math.min(level.q(), FEATURES * policy.ksAlpha());
        for (int e = 0; e < EVALUATIONS; e++) {
            List<FeatureResult> results = new ArrayList<>(FEATURES);
            for (int f = 0; f < FEATURES; f++) {
                MethodScore ks = new MethodScore(Method.KS, dp[e][f][0], dp[e][f][1], threshold);
                results.add(new FeatureResult("f" + f, ks, 0, n, m, firing[f]));
            }
            List<FeatureVerdict> verdicts = ModelVersionVerdicts.decide(results, policy, level);
            int v = 0;
            int r = 0;
            for (int f = 0; f < FEATURES; f++) {
                FeatureVerdict verdict = verdicts.get(f);
                boolean stable = f < STABLE;
                boolean rejected = level.isOff() ? dp[e][f][0] >= threshold : verdict.adjustedPValue() <= bhLevel;
                if (rejected) {
                    r++;
                    v += stable ? 1 : 0;
                }
                if (verdict.transition() == Transition.FIRE) {
                    if (stable) {
                        t.falseEvents++;
                    } else {
                        t.trueEvents++;
                        if (t.firstFire[f - STABLE] < 0) {
                            t.firstFire[f - STABLE] = e;
                        }
                    }
                }
                firing[f] = verdict.firing();
                if (firing[f]) {
                    t.firing++;
                    if (stable) {
                        t.falseFiring++;
                    } else {
                        t.driftedFiring[f - STABLE]++;
                    }
                }
            }
            t.falseRejections += v;
            t.rejections += r;
            t.fdp[e] = r == 0 ? 0 : v / (double) r;
            t.fdpSum += t.fdp[e];
        }
        return t;
    }

    private static String table(Window w, List<Tally> tallies) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "%n%s window: %d current values (%d interval(s) of %d) vs %d baseline, %d evaluations,"
                        + " %d stable + %d drifted features%n",
                w.name(),
                w.values(),
                w.intervals(),
                w.intervalValues(),
                BASELINE,
                EVALUATIONS,
                STABLE,
                SHIFTS.length));
        s.append(String.format(
                Locale.ROOT,
                "%-40s %6s %6s %6s %7s %7s %8s %8s%n",
                "rule",
                "false",
                "true",
                "false",
                "false",
                "all",
                "mean FDP",
                "false"));
        s.append(String.format(
                Locale.ROOT,
                "%-40s %6s %6s %6s %7s %7s %8s %8s%n",
                "",
                "events",
                "events",
                "share",
                "calls",
                "calls",
                "of calls",
                "firing"));
        for (Tally t : tallies) {
            s.append(String.format(
                    Locale.ROOT,
                    "%-40s %6d %6d %6.3f %7d %7d %8.4f %8.4f%n",
                    t.rule,
                    t.falseEvents,
                    t.trueEvents,
                    t.falseEventShare(),
                    t.falseRejections,
                    t.rejections,
                    t.meanFdp(),
                    t.falseFiring / (double) Math.max(1, t.firing)));
        }
        s.append("power (share of evaluations firing; first firing evaluation):\n");
        s.append(String.format(Locale.ROOT, "%-10s %-8s", "shift sd", "pop. D"));
        for (Tally t : tallies) {
            s.append(String.format(Locale.ROOT, " %-14s", t.rule.substring(0, Math.min(14, t.rule.length()))));
        }
        s.append('\n');
        for (int j = 0; j < SHIFTS.length; j++) {
            s.append(String.format(Locale.ROOT, "%-10.3f %-8.3f", SHIFTS[j], populationD(SHIFTS[j])));
            for (Tally t : tallies) {
                s.append(String.format(
                        Locale.ROOT, " %5.3f %-8d", t.driftedFiring[j] / (double) EVALUATIONS, t.firstFire[j]));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * Standard normal values by Marsaglia's polar method (exact, both values of each pair used) on a
     * SplittableRandom, with StrictMath so that every platform draws the same values; several times faster than
     * the synchronised {@code Random.nextGaussian}, which dominated the run.
     */
    private static final class Gaussian {
        private final SplittableRandom random;
        private double spare = Double.NaN;

        Gaussian(long seed) {
            random = new SplittableRandom(seed);
        }

        double next() {
            if (!Double.isNaN(spare)) {
                double v = spare;
                spare = Double.NaN;
                return v;
            }
            double u;
            double v;
            double s;
            do {
                u = 2 * random.nextDouble() - 1;
                v = 2 * random.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double factor = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            spare = v * factor;
            return u * factor;
        }
    }

    /** sup |Φ(x) − Φ(x − δ)| = 2Φ(δ/2) − 1. */
    private static double populationD(double shift) {
        return 2 * new NormalDistribution().cumulativeProbability(shift / 2) - 1;
    }

    /**
     * A sorted baseline sample with an index for counting its values below a point in a few steps: cell c of
     * [−8, 8) in 32,768 equal cells starts at rank {@code start[c]}, the count of values below the cell (cell 0
     * open to −∞, the last to +∞); +∞ closes the sample as a sentinel.
     */
    private static final class Baseline {
        private static final double LO = -8;
        private static final int CELLS = 32_768;
        private static final double WIDTH = 16.0 / CELLS;
        final double[] values;
        final double[] sentinel;
        final int[] start = new int[CELLS];

        Baseline(double[] sorted) {
            values = sorted;
            sentinel = Arrays.copyOf(sorted, sorted.length + 1);
            sentinel[sorted.length] = Double.POSITIVE_INFINITY;
            int rank = 0;
            for (int c = 1; c < CELLS; c++) {
                double edge = LO + c * WIDTH;
                while (rank < sorted.length && sorted[rank] < edge) {
                    rank++;
                }
                start[c] = rank;
            }
        }

        int cell(double v) {
            return (int) Math.max(0, Math.min(CELLS - 1, Math.floor((v - LO) / WIDTH)));
        }

        /**
         * Tie-correct D against a sorted {@code window}, equal to {@link KolmogorovSmirnov#statistic(double[],
         * double[])}: both empirical CDFs are steps, so the supremum is reached at a window value v (F_b(v) against
         * the window's share ≤ v) or just below it (the baseline's share &lt; v against the window's share &lt; v);
         * baseline values between two window values lie between those two. Compared in integers, |i·m − j·n|; the
         * largest divided as the library divides it.
         */
        double statistic(double[] window) {
            long n = values.length;
            long m = window.length;
            long max = -1;
            double d = 0;
            int below = 0;
            for (int k = 0; k < window.length; ) {
                double v = window[k];
                int upTo = k;
                while (upTo < window.length && window[upTo] == v) {
                    upTo++;
                }
                int lt = start[cell(v)];
                while (sentinel[lt] < v) {
                    lt++;
                }
                int le = lt;
                while (sentinel[le] <= v) {
                    le++;
                }
                for (int c = 0; c < 2; c++) {
                    long i = c == 0 ? lt : le;
                    long j = c == 0 ? below : upTo;
                    long diff = Math.abs(i * m - j * n);
                    if (diff >= max) {
                        // pairs with the same exact difference can round apart by an ulp: the largest, as the library
                        double rounded = Math.abs(i / (double) n - j / (double) m);
                        d = diff > max ? rounded : Math.max(d, rounded);
                        max = diff;
                    }
                }
                below = upTo;
                k = upTo;
            }
            return d;
        }
    }

    private static double[] merge(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        int i = 0;
        int j = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
        }
        return out;
    }

    /** {@code sorted} without the values of {@code gone} (a sorted sub-multiset of it). */
    private static double[] remove(double[] sorted, double[] gone) {
        double[] out = new double[sorted.length - gone.length];
        int g = 0;
        int k = 0;
        for (double v : sorted) {
            if (g < gone.length && v == gone[g]) {
                g++;
            } else {
                out[k++] = v;
            }
        }
        return out;
    }
}
