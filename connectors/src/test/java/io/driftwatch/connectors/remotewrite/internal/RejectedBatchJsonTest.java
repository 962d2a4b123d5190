package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.connectors.remotewrite.RejectedBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectedBatchJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesOneDocumentPerPartWithAllSamples() throws Exception {
        List<PrometheusSample> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            samples.add(PrometheusSample.of(
                    "ml_latency", Labels.of("model", "m" + i, "quote", "a\"b"), 1000L + i, i * 0.5));
        }
        RejectedBatch batch = new RejectedBatch(
                "http://vm:8428/api/v1/write",
                400,
                "cannot parse \"x\"",
                samples,
                Instant.parse("2025-01-01T00:00:00Z"));
        List<byte[]> docs = RejectedBatchJson.toDocuments(batch, 2);
        assertEquals(3, docs.size());
        int seen = 0;
        for (int part = 0; part < docs.size(); part++) {
            JsonNode doc = MAPPER.readTree(docs.get(part));
            assertEquals("http://vm:8428/api/v1/write", doc.get("endpoint").asText());
            assertEquals(400, doc.get("status").asInt());
            assertEquals("cannot parse \"x\"", doc.get("responseBody").asText());
            assertEquals("2025-01-01T00:00:00Z", doc.get("rejectedAt").asText());
            assertEquals(part + 1, doc.get("part").asInt());
            assertEquals(3, doc.get("parts").asInt());
            assertEquals(doc.get("samples").size(), doc.get("sampleCount").asInt());
            for (JsonNode s : doc.get("samples")) {
                PrometheusSample expected = samples.get(seen++);
                assertEquals("ml_latency", s.get("labels").get("__name__").asText());
                assertEquals(
                        expected.labels().get("model"),
                        s.get("labels").get("model").asText());
                assertEquals("a\"b", s.get("labels").get("quote").asText());
                assertEquals(expected.timestampMs(), s.get("timestampMs").asLong());
                assertEquals(expected.value(), s.get("value").asDouble());
            }
        }
        assertEquals(samples.size(), seen);
    }

    @Test
    void nonFiniteValuesUsePrometheusSpelling() throws Exception {
        RejectedBatch batch = new RejectedBatch(
                "http://x/api/v1/write",
                422,
                "",
                List.of(
                        PrometheusSample.of("m", Labels.EMPTY, 1, Double.NaN),
                        PrometheusSample.of("m", Labels.EMPTY, 2, Double.POSITIVE_INFINITY),
                        PrometheusSample.of("m", Labels.EMPTY, 3, Double.NEGATIVE_INFINITY)),
                Instant.EPOCH);
        JsonNode samples =
                MAPPER.readTree(RejectedBatchJson.toDocuments(batch, 10).get(0)).get("samples");
        assertEquals("NaN", samples.get(0).get("value").asText());
        assertEquals("+Inf", samples.get(1).get("value").asText());
        assertEquals("-Inf", samples.get(2).get("value").asText());
    }

    @Test
    void emptyBatchIsOneDocumentAndLimitMustBePositive() throws Exception {
        RejectedBatch batch = new RejectedBatch("http://x", 400, "", List.of(), Instant.EPOCH);
        List<byte[]> docs = RejectedBatchJson.toDocuments(batch, 10);
        assertEquals(1, docs.size());
        assertEquals(0, MAPPER.readTree(docs.get(0)).get("sampleCount").asInt());
        assertThrows(IllegalArgumentException.class, () -> RejectedBatchJson.toDocuments(batch, 0));
    }
}
