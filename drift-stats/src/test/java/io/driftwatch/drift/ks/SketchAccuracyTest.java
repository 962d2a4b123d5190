package io.driftwatch.drift.ks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.psi.Psi;
import io.driftwatch.drift.psi.Psi.Binning;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Summary KS D, PSI and JS against the exact raw-data values, for four shapes and four sizes, at the
 * default relative accuracy (α = 0.001). The summaries are exact for the values rounded up to their
 * bins (< 0.2 % each), so the difference from the raw-data statistic is the rounding's alone, and the
 * same every run. The current sample is a fresh draw from the same shape, shifted (or scaled) slightly
 * so the statistics are not trivially zero. KS D must be within 0.02 of exact, PSI within 0.01, and a
 * summary of 10⁶ values under 32 KB serialised. The printed lines are BENCHMARKS.md's accuracy table.
 */
class SketchAccuracyTest {

    @ParameterizedTest(name = "{0} n={1}")
    @CsvSource({
        "normal,1000", "normal,10000", "normal,100000", "normal,1000000",
        "lognormal,1000", "lognormal,10000", "lognormal,100000", "lognormal,1000000",
        "bimodal,1000", "bimodal,10000", "bimodal,100000", "bimodal,1000000",
        "student-t2,1000", "student-t2,10000", "student-t2,100000", "student-t2,1000000"
    })
    void sketchStatisticsAreCloseToExact(String shape, int n) {
        Draw d = draw(shape, new Well19937c(n + shape.hashCode()), n);
        double[] baseline = d.baseline();
        double[] current = d.current();
        NumericSummary sb = d.baselineSummary();
        NumericSummary sc = d.currentSummary();
        double exactD = KolmogorovSmirnov.statistic(baseline, current);
        double sketchD = KolmogorovSmirnov.statistic(sb, sc);
        double exactPsi = Psi.compute(baseline, current);
        double sketchPsi = Psi.compute(sb, sc);
        double exactJs = JensenShannon.compute(baseline, current, Psi.DEFAULT_BINS, Binning.QUANTILE);
        double sketchJs = JensenShannon.compute(sb, sc, Psi.DEFAULT_BINS, Binning.QUANTILE);
        System.out.printf(
                "ACCURACY %-10s n=%-8d D exact=%.5f err=%.5f | PSI exact=%.5f err=%.5f | JS exact=%.5f err=%.5f | bytes=%d+%d%n",
                shape,
                n,
                exactD,
                Math.abs(sketchD - exactD),
                exactPsi,
                Math.abs(sketchPsi - exactPsi),
                exactJs,
                Math.abs(sketchJs - exactJs),
                sb.toBytes().length,
                sc.toBytes().length);
        assertTrue(Math.abs(sketchD - exactD) <= 0.02, "D exact " + exactD + " sketch " + sketchD);
        // Deterministic: the rounding alone separates summary and exact PSI (BENCHMARKS.md has the figures).
        assertTrue(Math.abs(sketchPsi - exactPsi) <= 0.01, "PSI exact " + exactPsi + " sketch " + sketchPsi);
        assertTrue(
                sb.toBytes().length < 32 * 1024,
                "serialised summary of " + n + " values: " + sb.toBytes().length + " bytes");
    }

    /**
     * The PSI and KS D errors over repeated draws (one draw per size says little about the rounding's
     * effect), the four shapes in turn. {@code -Daccuracy.repetitions=N} sets the draws per size
     * (default 8, kept small for CI; BENCHMARKS.md records a run with 200).
     */
    @ParameterizedTest(name = "n={0}")
    @CsvSource({"2000", "5000", "10000", "100000"})
    void errorsStayWithinTheTargetsOverRepeatedDraws(int n) {
        int repetitions = Integer.getInteger("accuracy.repetitions", 8) / (n >= 100_000 ? 5 : 1);
        String[] shapes = {"normal", "lognormal", "bimodal", "student-t2"};
        double maxPsi = 0;
        double maxD = 0;
        double sumPsi = 0;
        for (int rep = 0; rep < Math.max(repetitions, 4); rep++) {
            String shape = shapes[rep % shapes.length];
            Draw d = draw(shape, new Well19937c(31L * n + rep), n);
            double[] baseline = d.baseline();
            double[] current = d.current();
            NumericSummary sb = d.baselineSummary();
            NumericSummary sc = d.currentSummary();
            double psiError = Math.abs(Psi.compute(sb, sc) - Psi.compute(baseline, current));
            maxPsi = Math.max(maxPsi, psiError);
            sumPsi += psiError;
            maxD = Math.max(
                    maxD,
                    Math.abs(KolmogorovSmirnov.statistic(sb, sc) - KolmogorovSmirnov.statistic(baseline, current)));
        }
        int draws = Math.max(repetitions, 4);
        System.out.printf(
                "REPEAT n=%-7d draws=%-4d PSI error max=%.4f mean=%.5f | D error max=%.4f%n",
                n, draws, maxPsi, sumPsi / draws, maxD);
        assertTrue(maxPsi <= 0.01, "PSI error " + maxPsi);
        assertTrue(maxD <= 0.02, "D error " + maxD);
    }

    /** A baseline and a current sample of {@code n} values each, and their summaries. */
    private record Draw(
            double[] baseline, double[] current, NumericSummary baselineSummary, NumericSummary currentSummary) {}

    /**
     * {@code n} baseline values of {@code shape} and {@code n} current ones, shifted by 0.1 (lognormal:
     * scaled by 1.1), drawn alternately from {@code rng}.
     */
    private static Draw draw(String shape, RandomGenerator rng, int n) {
        DoubleSupplier draw = sampler(shape, rng);
        DoubleUnaryOperator drift = shape.equals("lognormal") ? v -> v * 1.1 : v -> v + 0.1;
        double[] baseline = new double[n];
        double[] current = new double[n];
        NumericSummary sb = NumericSummary.create();
        NumericSummary sc = NumericSummary.create();
        for (int i = 0; i < n; i++) {
            baseline[i] = draw.getAsDouble();
            current[i] = drift.applyAsDouble(draw.getAsDouble());
            sb.update(baseline[i]);
            sc.update(current[i]);
        }
        return new Draw(baseline, current, sb, sc);
    }

    private static DoubleSupplier sampler(String shape, RandomGenerator rng) {
        switch (shape) {
            case "normal":
                return new NormalDistribution(rng, 0, 1)::sample;
            case "lognormal":
                return new LogNormalDistribution(rng, 0, 1)::sample;
            case "bimodal":
                return () -> rng.nextBoolean() ? -2 + rng.nextGaussian() : 2 + 0.5 * rng.nextGaussian();
            case "student-t2":
                return new TDistribution(rng, 2)::sample;
            default:
                throw new IllegalArgumentException(shape);
        }
    }
}
