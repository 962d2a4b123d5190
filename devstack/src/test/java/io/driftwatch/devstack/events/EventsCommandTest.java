package io.driftwatch.devstack.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class EventsCommandTest {

    static final String DRIFT =
            "{\"schema_version\":1,\"event_id\":\"a\",\"type\":\"feature_drift\",\"state\":\"firing\","
                    + "\"event_time\":\"2026-11-24T14:00:00Z\",\"model_name\":\"fraud-detector\",\"model_version\":\"v2\","
                    + "\"feature\":\"amount\",\"method\":\"ks\",\"score\":0.0507,\"threshold\":0.05}";
    static final String COST =
            "{\"schema_version\":1,\"event_id\":\"b\",\"type\":\"cost_anomaly\",\"state\":\"resolved\","
                    + "\"event_time\":\"2026-11-25T00:00:00Z\",\"use_case\":\"contract_review\","
                    + "\"anomaly\":\"cost_above_value\",\"detail\":\"no longer holds\"}";

    @Test
    void aFeatureDriftEventIsShownByItsKeyAndScore() {
        EventView e = EventView.parse(DRIFT.getBytes(StandardCharsets.UTF_8));
        assertEquals(DRIFT, e.json(), "kept exactly for --format json");
        assertEquals(Instant.parse("2026-11-24T14:00:00Z"), e.eventTime());
        assertEquals("fraud-detector/v2/amount", e.subject());
        assertEquals("ks 0.05070 (threshold 0.05000)", e.detail());
        assertTrue(e.tableRow().startsWith("2026-11-24T14:00:00Z  feature_drift  firing    fraud-detector/v2/amount"));
    }

    @Test
    void aCostEventIsShownByItsUseCase() {
        EventView e = EventView.parse(COST.getBytes(StandardCharsets.UTF_8));
        assertEquals("contract_review", e.subject());
        assertEquals("cost_above_value: no longer holds", e.detail());
        assertEquals("", e.model());
    }

    @Test
    void aCostSpikeIsShownWithItsHourOfTheWeek() {
        String spike = "{\"schema_version\":1,\"event_id\":\"c\",\"type\":\"cost_spike\",\"state\":\"firing\","
                + "\"event_time\":\"2026-11-28T04:00:00Z\",\"use_case\":\"maintenance_assistant\",\"currency\":\"EUR\","
                + "\"hour_cost\":2.403311,\"weeks\":4,\"mean\":0.40125,\"stddev\":0.012001,\"threshold\":4.0,"
                + "\"min_ratio\":2.0,\"weekday\":\"SATURDAY\",\"hour\":3}";
        EventView e = EventView.parse(spike.getBytes(StandardCharsets.UTF_8));
        assertEquals("maintenance_assistant", e.subject());
        assertEquals("EUR SATURDAY 03:00 cost 2.403311, mean 0.40125, sd 0.012001 over 4 weeks", e.detail());
        assertTrue(e.matches("cost_spike", null, null));
    }

    @Test
    void filtersSelectByTypeModelAndEventTime() {
        EventView e = EventView.parse(DRIFT.getBytes(StandardCharsets.UTF_8));
        Instant t = e.eventTime();
        assertTrue(e.matches(null, null, null));
        assertTrue(e.matches("feature_drift", "fraud-detector", t));
        assertFalse(e.matches("cost_anomaly", null, null));
        assertFalse(e.matches(null, "other", null));
        assertFalse(e.matches(null, null, t.plusMillis(1)));
    }

    @Test
    void aRecordThatIsNotAnEventSaysWhatIsWrong() {
        assertEquals(
                "not JSON: Unrecognized token 'garbage': was expecting (JSON String, Number, Array, Object or token"
                        + " 'null', 'true' or 'false')",
                assertThrows(IllegalArgumentException.class, () -> EventView.parse("garbage".getBytes()))
                        .getMessage());
        assertEquals(
                "no string field 'event_time'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> EventView.parse("{\"type\":\"feature_drift\",\"state\":\"firing\"}".getBytes()))
                        .getMessage());
    }

    @Test
    void sinceTakesAnInstantADateOrADurationBackFromNow() {
        var since = new EventsCommand.Since(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-11-24T14:00:00Z"), since.convert("2026-11-24T14:00:00Z"));
        assertEquals(Instant.parse("2026-11-24T00:00:00Z"), since.convert("2026-11-24"));
        assertEquals(Instant.parse("2026-12-05T10:00:00Z"), since.convert("24h"));
        assertTrue(assertThrows(TypeConversionException.class, () -> since.convert("yesterday"))
                .getMessage()
                .startsWith("'yesterday' is neither an instant"));
    }

    @Test
    void anUnreachableBrokerIsNamedInTheError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EventsCommand.commandLine(
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute("--bootstrap-servers", "127.0.0.1:" + port, "--timeout", "2s");
        assertEquals(1, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(
                message.startsWith("events: cannot read ml.drift.events from Kafka at 127.0.0.1:" + port + ": "),
                message);
    }

    @Test
    void aBadOptionExitsWithCode2NamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EventsCommand.commandLine(
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute("--type", "drift");
        assertEquals(2, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--type") && message.contains("'drift' is not an event type"), message);
    }
}
