package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusNamesTest {

    @ParameterizedTest
    @CsvSource({
        "http.method, http_method",
        "http_method, http_method",
        "1abc, _1abc",
        "a-b/c d, a_b_c_d",
        "ns:metric, ns_metric",
        "__meta, __meta",
        "Ab9_Z, Ab9_Z",
    })
    void sanitisesLabelNames(String in, String expected) {
        assertEquals(expected, PrometheusNames.sanitizeLabelName(in));
        assertTrue(PrometheusNames.isValidLabelName(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "ml.inference.duration, ml_inference_duration",
        "ml:confidence:drift_ratio, ml:confidence:drift_ratio",
        ":leading_colon, :leading_colon",
        "9lives, _9lives",
        "a.b:c-d, a_b:c_d",
    })
    void sanitisesMetricNamesKeepingColons(String in, String expected) {
        assertEquals(expected, PrometheusNames.sanitizeMetricName(in));
        assertTrue(PrometheusNames.isValidMetricName(expected));
    }

    @Test
    void replacesEachCodePointByOneUnderscore() {
        // é is one UTF-16 char, the emoji is a surrogate pair: both become a single '_'
        assertEquals("caf_", PrometheusNames.sanitizeLabelName("café"));
        assertEquals("x_y", PrometheusNames.sanitizeLabelName("x\uD83D\uDE00y"));
    }

    @Test
    void returnsTheSameInstanceForValidNames() {
        String name = "already_valid";
        assertSame(name, PrometheusNames.sanitizeLabelName(name));
        String metric = "a:b";
        assertSame(metric, PrometheusNames.sanitizeMetricName(metric));
    }

    @Test
    void colonIsNotAllowedInLabelNames() {
        assertFalse(PrometheusNames.isValidLabelName("a:b"));
        assertTrue(PrometheusNames.isValidMetricName("a:b"));
    }

    @Test
    void rejectsEmptyNames() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PrometheusNames.sanitizeLabelName(""));
        assertTrue(e.getMessage().contains("label name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrometheusNames.sanitizeMetricName(""));
    }
}
