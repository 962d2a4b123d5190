package io.driftwatch.drift.ks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** The asymptotic KS tail keeps its digits where 1 − K(λ) rounds to 0, and agrees with commons-math elsewhere. */
class KolmogorovTailTest {

    @Test
    void tinyTailsByTheSeriesWrittenOut() {
        // λ = 2: 2(e^−8 − e^−32 + e^−72 ...)
        assertEquals(2 * (Math.exp(-8) - Math.exp(-32)), KolmogorovSmirnov.kolmogorovTail(2.0), 1e-20);
        // λ = 14.85 (D = 0.021 at n = m = 10^6): 2e^{−2λ²} ≈ 1.3e-191, where 1 − K(λ) is 0 in doubles
        double lambda = 14.85;
        double expected = 2 * Math.exp(-2 * lambda * lambda);
        assertEquals(expected, KolmogorovSmirnov.kolmogorovTail(lambda), expected * 1e-14);
        assertEquals(0.0, new KolmogorovSmirnovTest().approximateP(0.021, 1_000_000, 1_000_000));
        assertEquals(
                expected, KolmogorovSmirnov.pValue(lambda / Math.sqrt(5e5), 1_000_000, 1_000_000), expected * 1e-9);
    }

    @Test
    void agreesWithCommonsMathWhereItsTailHasItsDigits() {
        KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();
        for (double lambda = 0.3; lambda < 4; lambda += 0.05) {
            double d = lambda / Math.sqrt(50.0);
            assertEquals(commons.approximateP(d, 100, 100), KolmogorovSmirnov.asymptoticP(d, 100, 100), 1e-14);
        }
    }
}
