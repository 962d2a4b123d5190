package io.driftwatch.jobs.confidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.confidence.ConfidenceEvaluation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The {@code confidence_drift} event documents (schema {@code deploy/schemas/driftwatch-event.schema.json},
 * {@code $defs/confidenceDrift}), in the envelope of {@code feature_drift}. Kafka key: the group's label
 * values joined by {@code /} (by default {@code model_name/model_version/use_case/environment}). The event
 * id is the name-based (version 3) UUID of {@code "confidence_drift/<key>/<window>/<state>/<event time
 * ms>"}: a replay of the same data yields the same ids. {@code window} is the scale that made the change:
 * {@code current}, or {@code short} for a firing the short window caused; a resolve is always reported on
 * the current window (both scales are below their resolve levels then).
 */
final class ConfidenceDriftEvents {

    static final String TYPE = "confidence_drift";
    /** The events topic as a series (as {@code feature_drift} writes it): 1 at each event's time. */
    static final String EVENT_SERIES = "ml_driftwatch_event";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfidenceDriftEvents() {}

    /** A window's bounds {@code (start, end]} in epoch ms and the inferences in it. */
    record Window(long startMillis, long endMillis, long samples) {}

    /**
     * The scale an event reports: its {@code window} name and the fire level its drift ratio was held to
     * ({@code confidence.drift-ratio-threshold} for the current window, the sample-size-aware level for the
     * short one).
     */
    record Scale(String name, double threshold) {}

    /** The {@link #EVENT_SERIES} sample of an event: labels {@code type}, {@code state} and the group's. */
    static PrometheusSample eventSample(String prefix, Labels group, boolean firing, long eventTimeMillis) {
        Map<String, String> labels = new TreeMap<>(group.toMap());
        labels.put("type", TYPE);
        labels.put("state", firing ? "firing" : "resolved");
        return PrometheusSample.of(prefix + EVENT_SERIES, Labels.of(labels), eventTimeMillis, 1);
    }

    /**
     * @param subject the Kafka key: the group's label values in {@code confidence.group-by} order, joined by
     *     {@code /}; a roll-up's prefixed by {@code rollup:<name>} ({@link ConfidenceLevel#subject})
     * @param rollup the roll-up's name ({@code rollup} in the document), or null for a group
     * @param group the series' labels: the key's labels, plus {@code rollup} on a roll-up
     */
    static EventRecord event(
            String subject,
            String rollup,
            Labels group,
            boolean firing,
            long eventTimeMillis,
            ConfidenceEvaluation e,
            ConfidenceSettings settings,
            Scale scale,
            Window current,
            Window baseline) {
        String key = subject;
        String state = firing ? "firing" : "resolved";
        String id = UUID.nameUUIDFromBytes((TYPE + "/" + key + "/" + scale.name() + "/" + state + "/" + eventTimeMillis)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        ObjectNode doc = JSON.createObjectNode()
                .put("schema_version", 1)
                .put("event_id", id)
                .put("type", TYPE)
                .put("state", state)
                .put("event_time", Instant.ofEpochMilli(eventTimeMillis).toString())
                .put("model_name", group.getOrDefault("model_name", ""))
                .put("model_version", group.getOrDefault("model_version", ""));
        ObjectNode labels = doc.putObject("group");
        group.toMap().forEach(labels::put);
        if (rollup != null) {
            labels.remove(ConfidenceLevel.ROLLUP_LABEL);
            doc.put(ConfidenceLevel.ROLLUP_LABEL, rollup);
        }
        doc.put("window", scale.name())
                .put("drift_ratio", e.driftRatio())
                .put("threshold", scale.threshold())
                .put("resolve_threshold", settings.alert().resolveRatio() * scale.threshold())
                .put("current_avg", e.currentAvg())
                .put("baseline_avg", e.baselineAvg());
        numberOrNull(doc, "baseline_stddev", e.baselineStddev());
        numberOrNull(doc, "adaptive_threshold", e.adaptiveLowerThreshold());
        if (Double.isNaN(e.adaptiveLowerThreshold())) {
            doc.putNull("below_adaptive_threshold");
        } else {
            doc.put("below_adaptive_threshold", e.belowAdaptiveThreshold());
        }
        window(doc.putObject("current_window"), current);
        window(doc.putObject("baseline_window"), baseline).put("mode", settings.baselineModeName());
        return new EventRecord(key, id, TYPE, eventTimeMillis, doc.toString());
    }

    private static void numberOrNull(ObjectNode doc, String field, double v) {
        if (Double.isNaN(v)) {
            doc.putNull(field);
        } else {
            doc.put(field, v);
        }
    }

    private static ObjectNode window(ObjectNode node, Window w) {
        return node.put("start", Instant.ofEpochMilli(w.startMillis()).toString())
                .put("end", Instant.ofEpochMilli(w.endMillis()).toString())
                .put("samples", w.samples());
    }
}
