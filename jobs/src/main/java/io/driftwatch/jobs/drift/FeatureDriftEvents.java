package io.driftwatch.jobs.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.MethodScore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The {@code feature_drift} event documents (schema {@code deploy/schemas/driftwatch-event.schema.json},
 * {@code $defs/featureDrift}). The event id is the name-based (version 3) UUID of {@code
 * "feature_drift/<key>/<state>/<event time ms>"}: a replay of the same data yields the same ids. The
 * window that made the change ({@code window}) is not part of it: a feature changes state at most once per
 * evaluation, and which window decided is itself a function of the data, so the ids stay those of
 * earlier versions and replays. With segments or roll-ups, {@code <key>} is {@link FeatureKey#eventKey()}: the
 * same {@code model/version/feature} followed by the segment's {@code /label=value} pairs or {@code
 * /rollup=LEVEL}, so the finest level without segments keeps its ids, and each segment and roll-up has its own.
 */
final class FeatureDriftEvents {

    static final String TYPE = "feature_drift";
    /** The verdict at every evaluation with a baseline: 1 while the feature's alert is firing, else 0. */
    static final String FIRING_SERIES = "ml_feature_drift_firing";
    /** The alert score's threshold at that evaluation, labelled with the alert's method. */
    static final String THRESHOLD_SERIES = "ml_feature_drift_threshold";
    /**
     * Value 1 at the event time of each event, labelled {@code type}, {@code state} and the event's key:
     * the events topic as a series, for annotations on graphs (Grafana's Prometheus annotations mark the
     * times a series is 1).
     */
    static final String EVENT_SERIES = "ml_driftwatch_event";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FeatureDriftEvents() {}

    /** The key's labels and {@code baseline}: the kind of baseline compared with (frozen, rolling, reference). */
    static Labels keyLabels(FeatureKey names, String baselineKind) {
        return FeatureDriftSeries.labels(names, "baseline", baselineKind);
    }

    /** The {@link #EVENT_SERIES} sample of the event at {@code eventTimeMillis}. */
    static PrometheusSample eventSample(String prefix, FeatureKey names, boolean firing, long eventTimeMillis) {
        Labels labels = FeatureDriftSeries.labels(names, "type", TYPE, "state", firing ? "firing" : "resolved");
        return PrometheusSample.of(prefix + EVENT_SERIES, labels, eventTimeMillis, 1);
    }

    /** A window's bounds {@code (start, end]} in epoch ms and the observations in it. */
    record Window(long startMillis, long endMillis, long samples) {}

    /**
     * What {@code drift.fdr-q} adds to an event: the reported window's BH-adjusted p′ (NaN: not in the family,
     * written as null) and the rule that made the change, {@code fdr} or {@code threshold}.
     */
    record Fdr(double adjustedPValue, String rule) {}

    /**
     * The event document.
     *
     * @param alert the alert score of the window that decided: {@code window}, "short" or "current" (a
     *     resolve is decided by both and names the current window)
     * @param shortWindow the short window's bounds and observations, or null when it is off or was empty
     * @param fdr {@code p_value_adjusted} and {@code rule}, or null when {@code drift.fdr-q} is off (the fields
     *     are then absent, as before)
     */
    static EventRecord event(
            FeatureKey names,
            FeatureSummary.Kind kind,
            boolean firing,
            long eventTimeMillis,
            MethodScore alert,
            String window,
            Window current,
            Window shortWindow,
            Window baseline,
            String baselineMode,
            Fdr fdr) {
        String key = names.eventKey();
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
                .put("model_name", names.get(0))
                .put("model_version", names.get(1))
                .put("feature", names.get(2))
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
        if (!names.segment().isEmpty()) {
            ObjectNode segment = doc.putObject("segment");
            names.segment().forEach(segment::put);
        }
        if (names.rollup() != null) {
            doc.put("rollup", names.rollup().label);
        }
        if (fdr != null) {
            if (Double.isNaN(fdr.adjustedPValue())) {
                doc.putNull("p_value_adjusted");
            } else {
                doc.put("p_value_adjusted", fdr.adjustedPValue());
            }
            doc.put("rule", fdr.rule());
        }
        doc.put("window", window);
        window(doc.putObject("current_window"), current);
        if (shortWindow != null) {
            window(doc.putObject("short_window"), shortWindow);
        }
        window(doc.putObject("baseline_window"), baseline).put("mode", baselineMode);
        return new EventRecord(key, id, TYPE, eventTimeMillis, doc.toString());
    }

    private static ObjectNode window(ObjectNode node, Window w) {
        return node.put("start", Instant.ofEpochMilli(w.startMillis()).toString())
                .put("end", Instant.ofEpochMilli(w.endMillis()).toString())
                .put("samples", w.samples());
    }
}
