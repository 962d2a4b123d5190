package io.driftwatch.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingWeightTest {

    private static long weight(String traceState, Map<String, Object> attributes) {
        return SamplingWeight.of(traceState, attributes, "sampling.probability");
    }

    @Test
    void theTraceStateThresholdGivesTheAdjustedCount() {
        // th:8 → T = 2^55, kept with probability 1/2; th:c → 3/4 of 2^56, probability 1/4; th:0 → everything kept
        assertEquals(2, weight("ot=th:8", Map.of()));
        assertEquals(4, weight("ot=th:c", Map.of()));
        assertEquals(16, weight("ot=th:f", Map.of()));
        assertEquals(1, weight("ot=th:0", Map.of()));
        // other vendors' entries and other ot sub-keys are ignored; the threshold wins over the attribute
        assertEquals(4, weight("congo=t61rcWkgMzE, ot=rv:abcdef12345678;th:c", Map.of("sampling.probability", 0.5)));
        // 1/3: T = 2/3 · 2^56 ≈ aaaaaaaaaaaaab; rounded to a whole weight
        assertEquals(3, weight("ot=th:aaaaaaaaaaaaab", Map.of()));
    }

    @Test
    void theProbabilityAttributeIsTheFallback() {
        assertEquals(4, weight("", Map.of("sampling.probability", 0.25)));
        assertEquals(10, weight("vendor=x", Map.of("sampling.probability", 0.1)));
        assertEquals(1, weight("", Map.of("sampling.probability", 1L)));
        assertEquals(1, weight("", Map.of()));
    }

    @Test
    void malformedValuesAreRejectedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> weight("ot=th:xyz", Map.of()));
        assertTrue(e.getMessage().contains("th:xyz"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> weight("ot=th:", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> weight("ot=th:123456789abcdef", Map.of()));
        e = assertThrows(IllegalArgumentException.class, () -> weight("", Map.of("sampling.probability", 0.0)));
        assertTrue(e.getMessage().contains("sampling.probability"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> weight("", Map.of("sampling.probability", "half")));
        assertThrows(IllegalArgumentException.class, () -> weight("", Map.of("sampling.probability", 1.5)));
    }
}
