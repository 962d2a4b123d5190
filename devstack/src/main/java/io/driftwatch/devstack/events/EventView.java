package io.driftwatch.devstack.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * One document of the events topic (schema {@code deploy/schemas/driftwatch-event.schema.json}) as the
 * {@code events} command shows it: its envelope, the subject it is about, a one-line detail, and the
 * filters it matches. Kept as the record's exact text for {@code --format json}.
 */
record EventView(
        String json, String type, String state, Instant eventTime, String model, String subject, String detail) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Header of {@link #tableRow()}. */
    static final String TABLE_HEADER = row("EVENT_TIME", "TYPE", "STATE", "SUBJECT", "DETAIL");

    /**
     * The view of a record value.
     *
     * @throws IllegalArgumentException naming what is missing or malformed, when the value is not an event
     *     document
     */
    static EventView parse(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        JsonNode doc;
        try {
            doc = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String type = required(doc, "type");
        Instant time;
        try {
            time = Instant.parse(required(doc, "event_time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("event_time " + doc.get("event_time") + " is not an RFC 3339 instant");
        }
        String model = doc.path("model_name").asText("");
        String subject;
        String detail;
        if ("confidence_drift".equals(type)) {
            subject = String.join(
                    "/",
                    doc.path("group").properties().stream()
                            .map(e -> e.getValue().asText())
                            .toList());
            detail = String.format(
                    Locale.ROOT,
                    "drift_ratio %.4g (threshold %.4g), %s window, mean %.4f vs %.4f",
                    doc.path("drift_ratio").asDouble(),
                    doc.path("threshold").asDouble(),
                    doc.path("window").asText(),
                    doc.path("current_avg").asDouble(),
                    doc.path("baseline_avg").asDouble());
        } else if (type.equals("cost_spike")) {
            subject = doc.path("use_case").asText();
            detail = String.format(
                    Locale.ROOT,
                    "%s %s %02d:00 cost %s, mean %s, sd %s over %d weeks",
                    doc.path("currency").asText(),
                    doc.path("weekday").asText(),
                    doc.path("hour").asInt(),
                    doc.path("hour_cost").asText(),
                    doc.path("mean").asText(),
                    doc.path("stddev").asText(),
                    doc.path("weeks").asInt());
        } else if (doc.has("use_case")) {
            subject = doc.path("use_case").asText();
            detail = doc.path("anomaly").asText() + ": " + doc.path("detail").asText();
        } else {
            subject = model + "/" + doc.path("model_version").asText() + "/"
                    + doc.path("feature").asText();
            detail = String.format(
                    Locale.ROOT,
                    "%s %.4g (threshold %.4g)",
                    doc.path("method").asText(),
                    doc.path("score").asDouble(),
                    doc.path("threshold").asDouble());
        }
        return new EventView(text, type, required(doc, "state"), time, model, subject, detail);
    }

    /** Whether the event passes the filters; a null filter passes everything. */
    boolean matches(String typeFilter, String modelFilter, Instant since) {
        return (typeFilter == null || typeFilter.equals(type))
                && (modelFilter == null || modelFilter.equals(model))
                && (since == null || !eventTime.isBefore(since));
    }

    String tableRow() {
        return row(eventTime.toString(), type, state, subject, detail);
    }

    private static String row(String time, String type, String state, String subject, String detail) {
        return String.format(Locale.ROOT, "%-20s  %-13s  %-8s  %-40s  %s", time, type, state, subject, detail);
    }

    private static String required(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no string field '" + field + "'");
        }
        return v.asText();
    }
}
