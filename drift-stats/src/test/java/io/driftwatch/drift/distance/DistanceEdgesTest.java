package io.driftwatch.drift.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.drift.psi.Psi.Binning;
import java.util.Map;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class DistanceEdgesTest {

    @Test
    void chiSquareOfTwoCategoriesMatchesCommonsMath() {
        ChiSquareResult r = ChiSquare.test(Map.of("a", 30L, "b", 70L), Map.of("a", 50L, "b", 50L));
        long[][] table = {{30, 70}, {50, 50}};
        assertEquals(new ChiSquareTest().chiSquare(table), r.statistic(), 1e-9);
        assertEquals(new ChiSquareTest().chiSquareTest(table), r.pValue(), 1e-12);
        assertEquals(1, r.degreesOfFreedom());
    }

    @Test
    void chiSquareOfUnequalSamplesMatchesCommonsMath() {
        ChiSquareResult r = ChiSquare.test(Map.of("a", 10L, "b", 20L, "c", 30L), Map.of("a", 40L, "b", 10L, "c", 5L));
        long[][] table = {{10, 20, 30}, {40, 10, 5}};
        assertEquals(new ChiSquareTest().chiSquare(table), r.statistic(), 1e-9);
        assertEquals(new ChiSquareTest().chiSquareTest(table), r.pValue(), 1e-12);
    }

    @Test
    void exactJensenShannonOnEitherBinning() {
        double[] baseline = {0, 0, 0, 4};
        double[] current = {1, 1, 1, 1};
        // quantile bins: median edge 0 → baseline (0.75, 0.25), current (0, 1)
        assertEquals(0.740806952380577, JensenShannon.compute(baseline, current, 2, Binning.QUANTILE), 1e-15);
        // equal width: edge 2 → baseline (0.75, 0.25), current (1, 0)
        assertEquals(0.3713830650016636, JensenShannon.compute(baseline, current, 2, Binning.EQUAL_WIDTH), 1e-15);
    }
}
