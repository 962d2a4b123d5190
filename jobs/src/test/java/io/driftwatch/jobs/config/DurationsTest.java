package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, 500",
        "90s, 90000",
        "15m, 900000",
        "24h, 86400000",
        "30d, 2592000000",
        "1w, 604800000",
        "1h30m, 5400000",
        "1d12h, 129600000",
        "0, 0",
        "0s, 0",
        "'  15m ', 900000",
        "PT24H, 86400000",
        "P30D, 2592000000",
        "PT0.5S, 500",
        "pt1m, 60000",
    })
    void parsesUnitsAndIso8601(String text, long expectedMillis) {
        assertEquals(Duration.ofMillis(expectedMillis), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"24hours", "", "h", "10", "1.5h", "24H", "15 m", "P", "PTX", "1y", "99999999999999999999d"})
    void rejectsOtherForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals(
                "\"" + text + "\" is not a duration (use e.g. 90s, 15m, 24h, 30d or ISO-8601 PT24H)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT-1H", "-PT5M"})
    void rejectsNegativeDurations(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals("\"" + text + "\" is negative: durations must be >= 0", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "1, 1ms",
        "1500, 1500ms",
        "90000, 90s",
        "5400000, 90m",
        "3600000, 1h",
        "86400000, 24h",
        "172800000, 2d",
        "2592000000, 30d",
        "604800000, 7d",
    })
    void formatsInTheLargestExactUnit(long millis, String expected) {
        assertEquals(expected, Durations.format(Duration.ofMillis(millis)));
    }

    @Test
    void formatsSubMillisecondPrecisionAsIso8601() {
        assertEquals("PT0.0000015S", Durations.format(Duration.ofNanos(1500)));
    }

    @Test
    void formatThenParseIsTheIdentity() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            // Mix multiples of each unit so that every formatting branch is taken.
            long unit = new long[] {1, 1_000, 60_000, 3_600_000, 86_400_000}[random.nextInt(5)];
            Duration d = Duration.ofMillis(unit * random.nextLong(0, 1_000_000));
            assertEquals(d, Durations.parse(Durations.format(d)), () -> "for " + d);
        }
    }
}
