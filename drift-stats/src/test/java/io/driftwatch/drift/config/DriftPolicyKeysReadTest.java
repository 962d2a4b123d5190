package io.driftwatch.drift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policy keys' ranges at their edges, read through a plain {@link DriftPolicyKeys.Reader} over a map:
 * an edge value inside the range is taken, one outside is reported (with the words the job and compare
 * print) and the default kept.
 */
class DriftPolicyKeysReadTest {

    /** Values by key; problems as "key: message". */
    private static final class MapReader implements DriftPolicyKeys.Reader {
        final Map<String, Object> values;
        final List<String> problems = new ArrayList<>();

        MapReader(Map<String, Object> values) {
            this.values = values;
        }

        @Override
        public double number(String key, double def, String doc) {
            return values.containsKey(key) ? ((Number) values.get(key)).doubleValue() : def;
        }

        @Override
        public int integer(String key, int def, int min, String doc) {
            int v = values.containsKey(key) ? (Integer) values.get(key) : def;
            check(key, v >= min, "must be at least " + min + " (got " + v + ")");
            return v;
        }

        @Override
        public String oneOf(String key, String def, List<String> allowed, String doc) {
            return values.containsKey(key) ? (String) values.get(key) : def;
        }

        @Override
        public boolean check(String key, boolean ok, String message) {
            if (!ok) {
                problems.add(key + ": " + message);
            }
            return ok;
        }
    }

    private static DriftPolicy read(MapReader r) {
        return DriftPolicyKeys.read(r);
    }

    @Test
    void edgesInsideTheRangesAreTaken() {
        MapReader r = new MapReader(Map.of(
                "bins",
                2,
                "psi-threshold",
                Double.MIN_VALUE,
                "js-threshold",
                1.0,
                "ks-min-d",
                0.0,
                "ks-alpha",
                Math.nextDown(1.0),
                "min-samples",
                1,
                "resolve-ratio",
                1.0,
                "numeric-alert-method",
                "psi",
                "categorical-alert-method",
                "js"));
        DriftPolicy p = read(r);
        assertEquals(List.of(), r.problems);
        assertEquals(2, p.bins());
        assertEquals(Double.MIN_VALUE, p.psiThreshold());
        assertEquals(1.0, p.jsThreshold());
        assertEquals(0.0, p.ksMinD());
        assertEquals(Math.nextDown(1.0), p.ksAlpha());
        assertEquals(1, p.minSamples());
        assertEquals(1.0, p.resolveRatio());
        assertEquals(Method.PSI, p.numericAlertMethod());
        assertEquals(Method.JS, p.categoricalAlertMethod());
        MapReader small = new MapReader(Map.of(
                "ks-alpha",
                Double.MIN_VALUE,
                "resolve-ratio",
                Double.MIN_VALUE,
                "js-threshold",
                Double.MIN_VALUE,
                "ks-min-d",
                Math.nextDown(1.0)));
        DriftPolicy q = read(small);
        assertEquals(List.of(), small.problems);
        assertEquals(Double.MIN_VALUE, q.ksAlpha());
        assertEquals(Double.MIN_VALUE, q.resolveRatio());
        assertEquals(Double.MIN_VALUE, q.jsThreshold());
        assertEquals(Math.nextDown(1.0), q.ksMinD());
    }

    @Test
    void edgesOutsideAreReportedAndTheDefaultsKept() {
        MapReader r = new MapReader(Map.of(
                "bins",
                1,
                "psi-threshold",
                0.0,
                "js-threshold",
                Math.nextUp(1.0),
                "ks-min-d",
                1.0,
                "ks-alpha",
                1.0,
                "min-samples",
                0,
                "resolve-ratio",
                Math.nextUp(1.0)));
        assertEquals(DriftPolicy.defaults(), read(r));
        assertEquals(
                List.of(
                        "bins: must be at least 2 (got 1)",
                        "psi-threshold: must be greater than 0 (got 0.0)",
                        "js-threshold: must be in (0, 1] (got 1.0000000000000002)",
                        "ks-min-d: must be in [0, 1) (got 1.0)",
                        "ks-alpha: must be in (0, 1) (got 1.0)",
                        "min-samples: must be at least 1 (got 0)",
                        "resolve-ratio: must be in (0, 1] (got 1.0000000000000002)"),
                r.problems);
        MapReader low = new MapReader(
                Map.of("js-threshold", 0.0, "ks-min-d", -Double.MIN_VALUE, "ks-alpha", 0.0, "resolve-ratio", 0.0));
        assertEquals(DriftPolicy.defaults(), read(low));
        assertEquals(
                List.of(
                        "js-threshold: must be in (0, 1] (got 0.0)",
                        "ks-min-d: must be in [0, 1) (got -4.9E-324)",
                        "ks-alpha: must be in (0, 1) (got 0.0)",
                        "resolve-ratio: must be in (0, 1] (got 0.0)"),
                low.problems);
    }

    @Test
    void valuesAreParsedWithTheMessagesUsersRead() {
        assertEquals(2.5, ConfigValues.parseNumber(" 2.5 "));
        assertEquals(-0.5e-3, ConfigValues.parseNumber("-.5e-3"));
        assertEquals(
                "\"1d\" is not a number",
                assertThrows(IllegalArgumentException.class, () -> ConfigValues.parseNumber("1d"))
                        .getMessage());
        assertEquals(
                "\"1e400\" is not a finite number",
                assertThrows(IllegalArgumentException.class, () -> ConfigValues.parseNumber("1e400"))
                        .getMessage());
        assertEquals(42, ConfigValues.parseInteger(" 42 "));
        assertEquals(
                "\"4.5\" is not an integer",
                assertThrows(IllegalArgumentException.class, () -> ConfigValues.parseInteger("4.5"))
                        .getMessage());
        assertEquals("psi", ConfigValues.parseOneOf(" PSI ", List.of("ks", "psi", "js")));
        assertEquals(
                "must be one of ks, psi (got \"wasserstein\")",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ConfigValues.parseOneOf("wasserstein", List.of("ks", "psi")))
                        .getMessage());
    }

    @Test
    void editDistances() {
        assertEquals(3, Levenshtein.distance("", "abc"));
        assertEquals(3, Levenshtein.distance("abc", ""));
        assertEquals(0, Levenshtein.distance("", ""));
        assertEquals(3, Levenshtein.distance("kitten", "sitting"));
        assertEquals(2, Levenshtein.distance("flaw", "lawn"));
        assertEquals(1, Levenshtein.distance("ks-alfa", "ks-alpa"));
        assertEquals(2, Levenshtein.distance("ks-alfa", "ks-alpha"));
    }
}
