package io.driftwatch.jobs.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.Temporality;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfidenceSettingsTest {

    private static final List<String> GROUP_BY = ConfidenceHarness.GROUP_BY;

    private static ConfidenceSettings settings(List<String> groupBy) {
        return new ConfidenceSettings(
                "ml.inference.confidence",
                groupBy,
                Duration.ofHours(1),
                Duration.ofHours(24),
                Duration.ofDays(30),
                false,
                1,
                0.6,
                3.0,
                "ml:confidence:",
                0.1,
                "ml_confidence_drift_firing");
    }

    private static ConfidenceSettings durations(Duration interval, Duration window, Duration period, boolean rolling) {
        return new ConfidenceSettings(
                "ml.inference.confidence",
                GROUP_BY,
                interval,
                window,
                period,
                rolling,
                1,
                0.6,
                3.0,
                "ml:confidence:",
                0.1,
                "ml_confidence_drift_firing");
    }

    private static MetricPoint point(String... labels) {
        return MetricPoint.builder("ml.inference.confidence", MetricKind.HISTOGRAM)
                .temporality(Temporality.DELTA)
                .labels(Labels.of(labels))
                .build();
    }

    private static Labels groupLabels(ConfidenceSettings s, String... labels) {
        return s.labelsOf(s.keyOf(point(labels)));
    }

    @Test
    void keyAndLabelsRoundTripKeepingOnlyTheGroupByLabels() {
        ConfidenceSettings s = settings(GROUP_BY);
        assertEquals(
                Labels.of("model_name", "clf", "model_version", "v1", "use_case", "fraud", "environment", "prod"),
                groupLabels(
                        s,
                        "model_name",
                        "clf",
                        "model_version",
                        "v1",
                        "use_case",
                        "fraud",
                        "environment",
                        "prod",
                        "service.instance.id",
                        "pod-7",
                        "status",
                        "ok"));
        // instances and statuses of one group share its key
        assertEquals(
                s.keyOf(point("model_name", "clf", "service.instance.id", "pod-1")),
                s.keyOf(point("model_name", "clf", "service.instance.id", "pod-2")));
    }

    @Test
    void semanticConventionAliasesFillMissingGroupByLabels() {
        ConfidenceSettings s = settings(GROUP_BY);
        assertEquals(
                Labels.of("model_name", "gpt-4o", "model_version", "v2", "use_case", "", "environment", "staging"),
                groupLabels(
                        s,
                        "gen_ai.request.model",
                        "gpt-4o",
                        "model_version",
                        "v2",
                        "deployment.environment.name",
                        "staging"));
        assertEquals("prod", groupLabels(s, "deployment.environment", "prod").get("environment"));
        // the label itself wins over its aliases, and the current convention over the deprecated one
        assertEquals(
                "direct",
                groupLabels(
                                s,
                                "environment",
                                "direct",
                                "deployment.environment.name",
                                "x",
                                "deployment.environment",
                                "y")
                        .get("environment"));
        assertEquals(
                "new",
                groupLabels(s, "deployment.environment.name", "new", "deployment.environment", "old")
                        .get("environment"));
        assertEquals(
                "clf",
                groupLabels(s, "model_name", "clf", "gen_ai.request.model", "other")
                        .get("model_name"));
        // an alias means the same population: same key as the label itself
        assertEquals(s.keyOf(point("environment", "prod")), s.keyOf(point("deployment.environment.name", "prod")));
    }

    @Test
    void missingLabelsGroupAsEmptyValues() {
        ConfidenceSettings s = settings(GROUP_BY);
        assertEquals(
                Labels.of("model_name", "", "model_version", "", "use_case", "", "environment", ""), groupLabels(s));
        assertEquals(
                Labels.of("model_name", "", "model_version", "v1", "use_case", "", "environment", ""),
                groupLabels(s, "model_version", "v1"));
    }

    @Test
    void keysOfDifferentGroupsDifferEvenWhenTheirValuesConcatenateAlike() {
        ConfidenceSettings s = settings(GROUP_BY);
        assertNotEquals(
                s.keyOf(point("model_name", "ab", "model_version", "c")),
                s.keyOf(point("model_name", "a", "model_version", "bc")));
        assertNotEquals(s.keyOf(point("model_name", "x")), s.keyOf(point("model_version", "x")));
    }

    @Test
    void customGroupByWithOneLabel() {
        ConfidenceSettings s = settings(List.of("team"));
        assertEquals("7:ml-core", s.keyOf(point("team", "ml-core", "model_name", "clf")));
        assertEquals(Labels.of("team", "ml-core"), s.labelsOf("7:ml-core"));
    }

    @Test
    void labelValuesHoldingSeparatorsOrDigitsRoundTrip() {
        ConfidenceSettings s = settings(GROUP_BY);
        assertEquals(
                Labels.of("model_name", "a\u001fb", "model_version", "3:x", "use_case", "", "environment", ":"),
                groupLabels(s, "model_name", "a\u001fb", "model_version", "3:x", "environment", ":"));
        assertNotEquals(
                s.keyOf(point("model_name", "a\u001f", "model_version", "b")),
                s.keyOf(point("model_name", "a", "model_version", "\u001fb")));
    }

    @Test
    void durationsBecomeWholeNumbersOfIntervals() {
        ConfidenceSettings frozen =
                durations(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(5), false);
        assertEquals(60_000, frozen.intervalMillis());
        assertEquals(3, frozen.windowSlots());
        assertEquals(5, frozen.baselineSlots());
        assertEquals(4, frozen.ringSlots());
        assertEquals(
                9,
                durations(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(5), true)
                        .ringSlots());
    }

    @Test
    void windowsThatAreNotWholeMultiplesOfTheIntervalAreRejected() {
        IllegalArgumentException window = assertThrows(
                IllegalArgumentException.class,
                () -> durations(Duration.ofMinutes(1), Duration.ofSeconds(150), Duration.ofMinutes(5), false));
        assertTrue(window.getMessage().contains("current window (PT2M30S)"), window.getMessage());
        assertTrue(
                window.getMessage().contains("whole multiple of the evaluation interval (PT1M)"), window.getMessage());
        IllegalArgumentException period = assertThrows(
                IllegalArgumentException.class,
                () -> durations(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofSeconds(90), false));
        assertTrue(period.getMessage().contains("baseline period (PT1M30S)"), period.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> durations(Duration.ZERO, Duration.ofMinutes(3), Duration.ofMinutes(5), false));
        assertThrows(
                IllegalArgumentException.class,
                () -> durations(Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(5), false));
        assertThrows(
                IllegalArgumentException.class,
                () -> durations(Duration.ofMinutes(-1), Duration.ofMinutes(-3), Duration.ofMinutes(-5), false));
    }

    @Test
    void subMillisecondIntervalsAreRejectedWithAClearError() {
        // the config accepts ISO-8601 such as PT0.0005S; the operators work in whole milliseconds
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> durations(Duration.ofNanos(500_000), Duration.ofNanos(1_500_000), Duration.ofMillis(3), false));
        assertTrue(e.getMessage().contains("evaluation interval"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> durations(Duration.ofMillis(2), Duration.ofNanos(4_000_001), Duration.ofMillis(4), false));
    }

    @Test
    void moreIntervalsThanAGroupCanKeepAreRejectedAtConstruction() {
        // 1 s over a 30-day baseline period: 2,592,000 intervals
        IllegalArgumentException period = assertThrows(
                IllegalArgumentException.class,
                () -> durations(Duration.ofSeconds(1), Duration.ofHours(24), Duration.ofDays(30), false));
        assertTrue(
                period.getMessage().contains("baseline period (PT720H) spans 2592000 evaluation intervals"),
                period.getMessage());
        // rolling keeps W + P + 1 intervals: 43,200 + 86,400 + 1 with 1-minute intervals, 30 and 60 days
        IllegalArgumentException ring = assertThrows(
                IllegalArgumentException.class,
                () -> durations(Duration.ofMinutes(1), Duration.ofDays(30), Duration.ofDays(60), true));
        assertTrue(ring.getMessage().contains("129601 intervals"), ring.getMessage());
        // frozen keeps the window only: 43,201 intervals
        assertEquals(
                43_201,
                durations(Duration.ofMinutes(1), Duration.ofDays(30), Duration.ofDays(60), false)
                        .ringSlots());
    }

    @Test
    void acceptsOnlyHistogramsOfTheConfiguredMetric() {
        ConfidenceSettings s = settings(GROUP_BY);
        assertTrue(s.accepts(point()));
        assertTrue(s.accepts(MetricPoint.builder("ml.inference.confidence", MetricKind.EXPONENTIAL_HISTOGRAM)
                .build()));
        assertFalse(s.accepts(
                MetricPoint.builder("ml.inference.confidence", MetricKind.GAUGE).build()));
        assertFalse(s.accepts(MetricPoint.builder("ml.inference.latency", MetricKind.HISTOGRAM)
                .build()));
    }

    private static ConfidenceSettings withShortWindow(Duration shortWindow) {
        return new ConfidenceSettings(
                "ml.inference.confidence",
                GROUP_BY,
                Duration.ofMinutes(30),
                Duration.ofHours(24),
                Duration.ofDays(30),
                false,
                false,
                1,
                0.6,
                3.0,
                "ml:confidence:",
                new io.driftwatch.drift.confidence.ConfidenceAlert(0.1, 0.8, 100),
                "ml_confidence_drift_firing",
                shortWindow,
                1e-5);
    }

    @Test
    void shortWindowIsWholeIntervalsAtMostTheCurrentWindowOrOff() {
        assertEquals(2, withShortWindow(Duration.ofHours(1)).shortWindowSlots());
        assertEquals(48, withShortWindow(Duration.ofHours(24)).shortWindowSlots());
        assertEquals(0, withShortWindow(Duration.ZERO).shortWindowSlots(), "zero is off");
        assertEquals(0, settings(GROUP_BY).shortWindowSlots(), "off unless given");
        assertEquals(0.1, withShortWindow(Duration.ofHours(1)).shortWindowRule().floor());
        IllegalArgumentException notWhole =
                assertThrows(IllegalArgumentException.class, () -> withShortWindow(Duration.ofMinutes(45)));
        assertTrue(
                notWhole.getMessage().startsWith("short window (PT45M) must be a positive whole multiple"),
                notWhole.getMessage());
        IllegalArgumentException tooLong =
                assertThrows(IllegalArgumentException.class, () -> withShortWindow(Duration.ofHours(25)));
        assertEquals("short window (PT25H) must not be longer than the current window (PT24H)", tooLong.getMessage());
    }
}
