package io.driftwatch.jobs.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.MethodScore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The {@code feature_drift} event documents (schema {@code deploy/schemas/driftwatch-event.schema.json},
 * {@code $defs/featureDrift}). The event id is the name-based (version 3) UUID of {@code
 * "feature_drift/<key>/<state>/<event time ms>"}: a replay of the same data yields the same ids.
 */
final class FeatureDriftEvents {

    static final String TYPE = "feature_drift";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeatureDriftEvents() {}

    /** A window's bounds {@code (start, end]} in epoch ms and the observations in it. */
    record Window(long startMillis, long endMillis, long samples) {}

    static EventRecord event(
            String modelName,
            String modelVersion,
            String feature,
            FeatureSummary.Kind kind,
            boolean firing,
            long eventTimeMillis,
            MethodScore alert,
            Window current,
            Window baseline,
            String baselineMode) {
        String key = modelName + "/" + modelVersion + "/" + feature;
        String state = firing ? "firing" : "resolved";
        String id = UUID.nameUUIDFromBytes(
                        (TYPE + "/" + key + "/" + state + "/" + eventTimeMillis).getBytes(StandardCharsets.UTF_8))
                .toString();
        ObjectNode doc = JSON.createObjectNode()
                .put("schema_version", 1)
                .put("event_id", id)
                .put("type", TYPE)
                .put("state", state)
                .put("event_time", Instant.ofEpochMilli(eventTimeMillis).toString())
                .put("model_name", modelName)
                .put("model_version", modelVersion)
                .put("feature", feature)
                .put(
                        "feature_kind",
                        switch (kind) {
                            case NUMERIC -> "numeric";
                            case CATEGORICAL -> "categorical";
                            case BUCKETED -> "histogram";
                        })
                .put("method", alert.method().label())
                .put("score", alert.score())
                .put("threshold", alert.threshold());
        if (alert.hasPValue()) {
            doc.put("p_value", alert.pValue());
        } else {
            doc.putNull("p_value");
        }
        window(doc.putObject("current_window"), current);
        window(doc.putObject("baseline_window"), baseline).put("mode", baselineMode);
        return new EventRecord(key, id, TYPE, eventTimeMillis, doc.toString());
    }

    private static ObjectNode window(ObjectNode node, Window w) {
        return node.put("start", Instant.ofEpochMilli(w.startMillis()).toString())
                .put("end", Instant.ofEpochMilli(w.endMillis()).toString())
                .put("samples", w.samples());
    }
}
