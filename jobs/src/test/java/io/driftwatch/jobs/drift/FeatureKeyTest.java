package io.driftwatch.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.Method;
import io.driftwatch.drift.feature.MethodScore;
import io.driftwatch.jobs.drift.FeatureDriftEvents.Window;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The labels and event identity of each level: unchanged without segments, the segment or roll-up added otherwise. */
class FeatureKeyTest {

    static final long T = 1_764_000_000_000L;
    static final String KEY = FeatureObservation.keyOf("fraud", "v2", "amount");

    static FeatureKey key(FeatureLevel level, List<String> segment) {
        return level.key(FeatureObservation.keyOf("fraud", "v2", "amount", segment));
    }

    static EventRecord event(FeatureKey k) {
        return FeatureDriftEvents.event(
                k,
                FeatureSummary.Kind.NUMERIC,
                true,
                T,
                new MethodScore(Method.KS, 0.2, 1e-9, 0.05),
                "current",
                new Window(T - 3_600_000, T, 500),
                null,
                new Window(T - 7_200_000, T - 3_600_000, 900),
                "frozen",
                null);
    }

    @Test
    void withoutSegmentsTheSeriesAndEventsAreAsBefore() {
        FeatureKey k = FeatureLevel.MODEL_VERSIONS.key(KEY);
        assertEquals(
                Labels.of("model_name", "fraud", "model_version", "v2", "feature", "amount", "window", "current"),
                FeatureDriftSeries.labels(k, "window", "current"));
        EventRecord e = event(k);
        assertEquals("fraud/v2/amount", e.key());
        assertEquals(
                UUID.nameUUIDFromBytes(("feature_drift/fraud/v2/amount/firing/" + T).getBytes(StandardCharsets.UTF_8))
                        .toString(),
                e.eventId());
        assertFalse(e.json().contains("segment") || e.json().contains("rollup"), e.json());
    }

    @Test
    void eachLevelHasItsLabelsKeyAndValidEvents() throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("..", "deploy", "schemas", "driftwatch-event.schema.json")));
        ObjectMapper json = new ObjectMapper();
        FeatureLevel segments = new FeatureLevel(List.of("use_case", "ml.segment.channel"), null, Rollup.MODEL_VERSION);
        FeatureKey seg = key(segments, List.of("b", "web"));
        assertEquals(
                Labels.of(
                        "model_name",
                        "fraud",
                        "model_version",
                        "v2",
                        "feature",
                        "amount",
                        "use_case",
                        "b",
                        "ml_segment_channel",
                        "web"),
                FeatureDriftSeries.labels(seg));
        EventRecord e = event(seg);
        assertEquals("fraud/v2/amount/use_case=b/ml.segment.channel=web", e.key());
        JsonNode doc = json.readTree(e.json());
        assertEquals("web", doc.at("/segment/ml.segment.channel").asText());
        assertEquals(List.of(), schema.validate(doc), doc.toString());
        assertNotEquals(event(FeatureLevel.MODEL_VERSIONS.key(KEY)).eventId(), e.eventId());

        FeatureKey version = new FeatureLevel(List.of(), Rollup.MODEL_VERSION, Rollup.MODEL)
                .key(Rollup.MODEL_VERSION.keyOf(
                        FeatureObservation.keyOf("fraud", "v2", "amount", List.of("b", "web"))));
        assertEquals(
                Labels.of("model_name", "fraud", "model_version", "v2", "feature", "amount", "rollup", "model_version"),
                FeatureDriftSeries.labels(version));
        FeatureKey model = new FeatureLevel(List.of(), Rollup.MODEL, null).key(Rollup.MODEL.keyOf(KEY));
        assertEquals(
                Labels.of("model_name", "fraud", "feature", "amount", "rollup", "model"),
                FeatureDriftSeries.labels(model));
        FeatureKey fleet = new FeatureLevel(List.of(), Rollup.FLEET, null).key(Rollup.FLEET.keyOf(KEY));
        assertEquals(Labels.of("feature", "amount", "rollup", "fleet"), FeatureDriftSeries.labels(fleet));
        for (FeatureKey k : List.of(version, model, fleet)) {
            EventRecord r = event(k);
            JsonNode d = json.readTree(r.json());
            assertEquals(k.rollup().label, d.get("rollup").asText());
            assertEquals(List.of(), schema.validate(d), d.toString());
        }
        assertEquals("fraud//amount/rollup=model", event(model).key());
        assertEquals("//amount/rollup=fleet", event(fleet).key());
        assertEquals("", json.readTree(event(fleet).json()).get("model_name").asText());
    }
}
