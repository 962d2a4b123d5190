package io.driftwatch.drift.ks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.drift.ks.KsResult.PValueMethod;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class KsExactEdgesTest {

    private static double[] range(int n, double shift) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + shift;
        }
        return v;
    }

    @Test
    void exactBelowTenThousandPairsAsymptoticFromThere() {
        KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();
        KsResult below = KolmogorovSmirnov.test(range(99, 0), range(101, 9.5));
        assertEquals(PValueMethod.EXACT, below.method());
        assertEquals(commons.exactP(below.statistic(), 99, 101, false), below.pValue(), 1e-12);

        KsResult at = KolmogorovSmirnov.test(range(100, 0), range(100, 9.5));
        assertEquals(PValueMethod.ASYMPTOTIC, at.method());
        assertEquals(0.1, at.statistic(), 1e-12); // 10 of 100 values lie below the shifted sample
        assertEquals(commons.approximateP(at.statistic(), 100, 100), at.pValue(), 1e-12);
    }

    @Test
    void asymptoticPNeedsAtLeastOneObservationEachSide() {
        // n = m = 1, d = 1: 1 − K(√(1/2))
        assertEquals(
                new KolmogorovSmirnovTest().approximateP(1.0, 1, 1), KolmogorovSmirnov.asymptoticP(1.0, 1, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> KolmogorovSmirnov.asymptoticP(0.5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> KolmogorovSmirnov.asymptoticP(0.5, 1, 0));
    }
}
