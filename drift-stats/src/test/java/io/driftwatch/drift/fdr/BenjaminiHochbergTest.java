package io.driftwatch.drift.fdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** BH adjusted p-values and rejections: by hand, and against the step-up definition written out. */
class BenjaminiHochbergTest {

    private static final double NAN = Double.NaN;

    @Test
    void handComputedAdjustedValues() {
        // sorted 0.005, 0.01, 0.03, 0.04 → ·4/k: 0.02, 0.02, 0.04, 0.04 (already monotone)
        assertArrayEquals(
                new double[] {0.02, 0.04, 0.04, 0.02},
                BenjaminiHochberg.adjust(new double[] {0.01, 0.04, 0.03, 0.005}),
                1e-15);
        // ·3/k: 0.03, 0.135, 0.1 → the rank-2 value is lowered to the rank-3 one (step-up)
        assertArrayEquals(
                new double[] {0.03, 0.1, 0.1}, BenjaminiHochberg.adjust(new double[] {0.01, 0.09, 0.1}), 1e-15);
    }

    @Test
    void tiesShareOneAdjustedValueAllEqualGiveThemselves() {
        // ties at 0.02 take ranks 1–3: 0.08, 0.04, 0.0267 → all the minimum from rank 3 up, 0.02·4/3
        double[] tied = BenjaminiHochberg.adjust(new double[] {0.02, 0.5, 0.02, 0.02});
        assertArrayEquals(new double[] {0.08 / 3, 0.5, 0.08 / 3, 0.08 / 3}, tied, 1e-15);
        // all equal: p·m/k is smallest at k = m, so every adjusted value is p itself
        double[] equal = new double[7];
        Arrays.fill(equal, 0.2);
        assertArrayEquals(equal, BenjaminiHochberg.adjust(equal), 1e-15);
        // m = 1: the p-value itself
        assertArrayEquals(new double[] {0.3}, BenjaminiHochberg.adjust(new double[] {0.3}), 0.0);
        // −0.0 and 0.0 are one value
        assertArrayEquals(new double[] {0, 0, 0.5}, BenjaminiHochberg.adjust(new double[] {-0.0, 0.0, 0.5}), 0.0);
    }

    @Test
    void cappedAtOne() {
        // 0.6·2/1 = 1.2, but no adjusted value exceeds the largest p-value, here 1
        assertArrayEquals(new double[] {1, 1}, BenjaminiHochberg.adjust(new double[] {0.6, 1.0}), 0.0);
    }

    @Test
    void nanIsNotAHypothesis() {
        // m = 2, not 4: 0.01·2 = 0.02, 0.04·2/2 = 0.04
        assertArrayEquals(
                new double[] {NAN, 0.02, NAN, 0.04},
                BenjaminiHochberg.adjust(new double[] {NAN, 0.01, NAN, 0.04}),
                1e-15);
        assertArrayEquals(new double[] {NAN, NAN}, BenjaminiHochberg.adjust(new double[] {NAN, NAN}), 0.0);
        assertArrayEquals(new double[0], BenjaminiHochberg.adjust(new double[0]), 0.0);
        boolean[] none = BenjaminiHochberg.reject(new double[] {NAN, 0.0}, 0.05);
        assertEquals(false, none[0]);
        assertEquals(true, none[1]);
    }

    @Test
    void theLevelItselfIsRejected() {
        // every p_(k)·4/k is exactly 0.25 in doubles (powers of two and 0.75/3)
        double[] p = {0.1875, 0.0625, 0.25, 0.125};
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, BenjaminiHochberg.adjust(p), 0.0);
        assertArrayEquals(new boolean[] {true, true, true, true}, BenjaminiHochberg.reject(p, 0.25));
        assertArrayEquals(new boolean[4], BenjaminiHochberg.reject(p, Math.nextDown(0.25)));
        assertArrayEquals(new boolean[] {true}, BenjaminiHochberg.reject(new double[] {0.01}, 0.01));
    }

    @Test
    void badInputNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> BenjaminiHochberg.adjust(new double[] {0.1, 0.2, 1.5}));
        assertEquals("p-value 2 is 1.5, not in [0, 1]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenjaminiHochberg.adjust(new double[] {-0.1}));
        assertThrows(
                IllegalArgumentException.class,
                () -> BenjaminiHochberg.adjust(new double[] {Double.POSITIVE_INFINITY}));
        for (double q : new double[] {0, 1, -0.1, NAN}) {
            IllegalArgumentException level =
                    assertThrows(IllegalArgumentException.class, () -> BenjaminiHochberg.reject(new double[] {0.1}, q));
            assertEquals("false discovery rate q must be in (0, 1), got " + q, level.getMessage());
        }
    }

    @Test
    void agreesWithTheStepUpDefinition() {
        Random random = new Random(20261206);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + random.nextInt(60);
            double[] p = new double[n];
            boolean lattice = trial % 2 == 0; // multiples of 1/32: ties everywhere, and exact boundaries
            for (int i = 0; i < n; i++) {
                double u = random.nextDouble();
                p[i] = random.nextInt(10) == 0 ? NAN : lattice ? Math.floor(u * 33) / 32 : u * u * u;
            }
            double q = lattice ? (1 + random.nextInt(15)) / 16.0 : 0.001 + 0.2 * random.nextDouble();
            double[] adjusted = BenjaminiHochberg.adjust(p);
            boolean[] rejected = BenjaminiHochberg.reject(p, q);
            assertArrayEquals(definitionAdjusted(p), adjusted, 0.0, "trial " + trial);
            assertArrayEquals(definitionRejected(p, q), rejected, "trial " + trial + " " + Arrays.toString(p));
        }
    }

    /** Indices of the non-NaN p-values in ascending order, ties by index (any tie order gives the same). */
    private static int[] order(double[] p) {
        return IntStream.range(0, p.length)
                .filter(i -> !Double.isNaN(p[i]))
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> p[i]).thenComparing(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** p̃_i = min over k ≥ rank(i) of min(1, p_(k)·m/k), each term computed as the class does. */
    private static double[] definitionAdjusted(double[] p) {
        int[] order = order(p);
        int m = order.length;
        double[] out = new double[p.length];
        Arrays.fill(out, NAN);
        for (int r = 0; r < m; r++) {
            double min = 1.0;
            for (int k = r; k < m; k++) {
                min = Math.min(min, p[order[k]] * m / (k + 1));
            }
            out[order[r]] = min;
        }
        return out;
    }

    /** Reject i iff some k ≥ rank(i) has p_(k) ≤ k·q/m, compared exactly (p_(k)·m ≤ k·q in decimals). */
    private static boolean[] definitionRejected(double[] p, double q) {
        int[] order = order(p);
        int m = order.length;
        boolean[] out = new boolean[p.length];
        boolean someAbove = false; // ∃ k ≥ r with the condition, from the largest rank down
        for (int r = m - 1; r >= 0; r--) {
            BigDecimal lhs = new BigDecimal(p[order[r]]).multiply(BigDecimal.valueOf(m));
            BigDecimal rhs = new BigDecimal(q).multiply(BigDecimal.valueOf(r + 1));
            someAbove |= lhs.compareTo(rhs) <= 0;
            out[order[r]] = someAbove;
        }
        return out;
    }
}
