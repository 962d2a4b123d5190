package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.psi.Psi;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class DriftPolicyTest {

    @Test
    void defaults() {
        DriftPolicy p = DriftPolicy.defaults();
        assertEquals(Psi.DEFAULT_BINS, p.bins());
        assertEquals(Psi.ALERT_THRESHOLD, p.psiThreshold());
        assertEquals(JensenShannon.DEFAULT_THRESHOLD, p.jsThreshold());
        assertEquals(0.05, p.ksMinD());
        assertEquals(1e-6, p.ksAlpha());
        assertEquals(1e-6, p.shortWindowAlpha());
        assertFalse(p.sampleSizeAware());
        assertEquals(Method.KS, p.numericAlertMethod());
        assertEquals(Method.PSI, p.categoricalAlertMethod());
        assertEquals(1000, p.minSamples());
        assertEquals(0.8, p.resolveRatio());
        assertEquals(DriftPolicy.builder().build(), p);
    }

    @Test
    void everySetterKeepsItsValueAtTheEdgesOfItsRange() {
        DriftPolicy low = DriftPolicy.builder()
                .bins(2)
                .psiThreshold(Double.MIN_VALUE)
                .jsThreshold(Double.MIN_VALUE)
                .ksMinD(0)
                .ksAlpha(Double.MIN_VALUE)
                .numericAlertMethod(Method.PSI)
                .categoricalAlertMethod(Method.JS)
                .minSamples(1)
                .resolveRatio(Double.MIN_VALUE)
                .build();
        assertEquals(2, low.bins());
        assertEquals(Double.MIN_VALUE, low.psiThreshold());
        assertEquals(Double.MIN_VALUE, low.jsThreshold());
        assertEquals(0.0, low.ksMinD());
        assertEquals(Double.MIN_VALUE, low.ksAlpha());
        assertEquals(Method.PSI, low.numericAlertMethod());
        assertEquals(Method.JS, low.categoricalAlertMethod());
        assertEquals(1, low.minSamples());
        assertEquals(Double.MIN_VALUE, low.resolveRatio());

        double belowOne = Math.nextDown(1.0);
        DriftPolicy high = DriftPolicy.builder()
                .jsThreshold(1)
                .ksMinD(belowOne)
                .ksAlpha(belowOne)
                .numericAlertMethod(Method.JS)
                .resolveRatio(1)
                .build();
        assertEquals(1.0, high.jsThreshold());
        assertEquals(belowOne, high.ksMinD());
        assertEquals(belowOne, high.ksAlpha());
        assertEquals(Method.JS, high.numericAlertMethod());
        assertEquals(1.0, high.resolveRatio());
        assertEquals(
                Method.KS,
                DriftPolicy.builder().numericAlertMethod(Method.KS).build().numericAlertMethod());
        assertEquals(
                Method.PSI,
                DriftPolicy.builder().categoricalAlertMethod(Method.PSI).build().categoricalAlertMethod());
    }

    @Test
    void valuesOutsideTheirRangeAreRefusedWithTheReason() {
        assertRefused("bins must be >= 2, got 1", b -> b.bins(1));
        assertRefused("PSI threshold must be > 0, got 0.0", b -> b.psiThreshold(0));
        assertRefused("JS threshold must be in (0, 1], got 0.0", b -> b.jsThreshold(0));
        assertRefused("JS threshold must be in (0, 1], got " + Math.nextUp(1.0), b -> b.jsThreshold(Math.nextUp(1.0)));
        assertRefused("KS minimum D must be in [0, 1), got -" + Double.MIN_VALUE, b -> b.ksMinD(-Double.MIN_VALUE));
        assertRefused("KS minimum D must be in [0, 1), got 1.0", b -> b.ksMinD(1));
        assertRefused("KS alpha must be in (0, 1), got 0.0", b -> b.ksAlpha(0));
        assertRefused("KS alpha must be in (0, 1), got 1.0", b -> b.ksAlpha(1));
        assertRefused(
                "numeric features alert on ks, psi or js, not wasserstein",
                b -> b.numericAlertMethod(Method.WASSERSTEIN));
        assertRefused("numeric features alert on ks, psi or js, not chi2", b -> b.numericAlertMethod(Method.CHI2));
        assertRefused("categorical features alert on psi or js, not ks", b -> b.categoricalAlertMethod(Method.KS));
        assertRefused("categorical features alert on psi or js, not chi2", b -> b.categoricalAlertMethod(Method.CHI2));
        assertRefused("minimum samples must be >= 1, got 0", b -> b.minSamples(0));
        assertRefused("resolve ratio must be in (0, 1], got 0.0", b -> b.resolveRatio(0));
        assertRefused(
                "resolve ratio must be in (0, 1], got " + Math.nextUp(1.0), b -> b.resolveRatio(Math.nextUp(1.0)));
    }

    @Test
    void equalWhenEverySettingIsEqual() {
        DriftPolicy base = DriftPolicy.defaults();
        List<DriftPolicy> different = List.of(
                DriftPolicy.builder().bins(11).build(),
                DriftPolicy.builder().psiThreshold(0.3).build(),
                DriftPolicy.builder().jsThreshold(0.3).build(),
                DriftPolicy.builder().ksMinD(0.3).build(),
                DriftPolicy.builder().ksAlpha(0.3).build(),
                DriftPolicy.builder().numericAlertMethod(Method.PSI).build(),
                DriftPolicy.builder().categoricalAlertMethod(Method.JS).build(),
                DriftPolicy.builder().minSamples(7).build(),
                DriftPolicy.builder().resolveRatio(0.3).build(),
                DriftPolicy.builder().shortWindowAlpha(0.3).build());
        for (DriftPolicy d : different) {
            assertNotEquals(base, d);
            assertNotEquals(d, base);
            assertNotEquals(base.hashCode(), d.hashCode());
            assertEquals(d, copyOf(d));
            assertEquals(d.hashCode(), copyOf(d).hashCode());
        }
        assertNotEquals(base, (Object) "policy");
        assertNotEquals(base, base.forShortWindow());
    }

    @Test
    void alertMethodByKind() {
        DriftPolicy p = DriftPolicy.builder()
                .numericAlertMethod(Method.JS)
                .categoricalAlertMethod(Method.PSI)
                .build();
        assertEquals(Method.PSI, p.alertMethod(FeatureSummary.Kind.CATEGORICAL));
        for (FeatureSummary.Kind k : FeatureSummary.Kind.values()) {
            if (k != FeatureSummary.Kind.CATEGORICAL) {
                assertEquals(Method.JS, p.alertMethod(k), k.name());
            }
        }
    }

    @Test
    void ksThresholdIsTheTabulatedCriticalValuePlusTheRankErrors() {
        // c(0.05) = 1.3581 (Smirnov's tabulated two-sample constant), n = m = 100
        DriftPolicy p = DriftPolicy.builder().ksAlpha(0.05).ksMinD(0).build();
        assertEquals(1.3581 * Math.sqrt(200.0 / 10_000), p.ksThreshold(100, 100, 0, 0), 1e-5);
        assertEquals(1.3581 * Math.sqrt(200.0 / 10_000) + 0.03, p.ksThreshold(100, 100, 0.01, 0.02), 1e-5);
        // unequal sizes: sqrt((n + m) / (n m)) with n = 50, m = 200
        assertEquals(1.3581 * Math.sqrt(250.0 / 10_000), p.ksThreshold(50, 200, 0, 0), 1e-5);
        // many observations: the minimum D decides
        DriftPolicy withMin = DriftPolicy.builder().ksAlpha(0.05).ksMinD(0.05).build();
        assertEquals(0.05, withMin.ksThreshold(10_000_000, 10_000_000, 0, 0));
    }

    @Test
    void methodScoreExceedsAtItsThreshold() {
        assertTrue(new MethodScore(Method.PSI, 0.2, Double.NaN, 0.2).exceeded());
        assertFalse(new MethodScore(Method.PSI, Math.nextDown(0.2), Double.NaN, 0.2).exceeded());
        assertFalse(new MethodScore(Method.WASSERSTEIN, 5, Double.NaN, Double.NaN).exceeded());
        assertFalse(new MethodScore(Method.PSI, 0.2, Double.NaN, 0.2).hasPValue());
        assertTrue(new MethodScore(Method.KS, 0.2, 0.5, 0.1).hasPValue());
    }

    @Test
    void methodLabelsParseBack() {
        for (Method m : Method.values()) {
            assertEquals(m.name().toLowerCase(java.util.Locale.ROOT), m.label());
            assertEquals(m, Method.parse(" " + m.name() + " "));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Method.parse("kl"));
        assertEquals("unknown drift method 'kl' (known: psi, ks, js, wasserstein, chi2)", e.getMessage());
    }

    private static DriftPolicy copyOf(DriftPolicy d) {
        return DriftPolicy.builder()
                .bins(d.bins())
                .psiThreshold(d.psiThreshold())
                .jsThreshold(d.jsThreshold())
                .ksMinD(d.ksMinD())
                .ksAlpha(d.ksAlpha())
                .numericAlertMethod(d.numericAlertMethod())
                .categoricalAlertMethod(d.categoricalAlertMethod())
                .minSamples(d.minSamples())
                .resolveRatio(d.resolveRatio())
                .shortWindowAlpha(d.shortWindowAlpha())
                .build();
    }

    private static void assertRefused(String message, UnaryOperator<DriftPolicy.Builder> set) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> set.apply(DriftPolicy.builder()));
        assertEquals(message, e.getMessage());
    }
}
