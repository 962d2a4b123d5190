package io.driftwatch.connectors.remotewrite.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.connectors.remotewrite.RejectedBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The dead-letter JSON form of a {@link RejectedBatch}. A batch is split into {@code parts}
 * documents of at most {@code maxSamplesPerDocument} samples each (Kafka's default 1 MB record
 * limit would not hold 5,000 samples), every part repeating the batch's metadata:
 *
 * <pre>{@code
 * {"endpoint": "http://vm:8428/api/v1/write", "status": 400, "responseBody": "...",
 *  "rejectedAt": "2025-01-01T00:00:00Z", "part": 1, "parts": 2, "sampleCount": 1000,
 *  "samples": [{"labels": {"__name__": "m", "job": "x"}, "timestampMs": 1735689600000, "value": 1.5}, ...]}
 * }</pre>
 *
 * <p>{@code value} is a JSON number, or one of the strings {@code "NaN"}, {@code "+Inf"}, {@code
 * "-Inf"} (Prometheus' spelling) for non-finite values, which JSON numbers cannot express.
 */
public final class RejectedBatchJson {

    private static final JsonFactory JSON = new JsonFactory();

    private RejectedBatchJson() {}

    public static List<byte[]> toDocuments(RejectedBatch batch, int maxSamplesPerDocument) {
        if (maxSamplesPerDocument < 1) {
            throw new IllegalArgumentException("maxSamplesPerDocument must be positive, got " + maxSamplesPerDocument);
        }
        List<PrometheusSample> samples = batch.samples();
        int parts = Math.max(1, (samples.size() + maxSamplesPerDocument - 1) / maxSamplesPerDocument);
        List<byte[]> documents = new ArrayList<>(parts);
        for (int part = 0; part < parts; part++) {
            int from = part * maxSamplesPerDocument;
            int to = Math.min(samples.size(), from + maxSamplesPerDocument);
            documents.add(document(batch, samples.subList(from, to), part + 1, parts));
        }
        return documents;
    }

    private static byte[] document(RejectedBatch batch, List<PrometheusSample> samples, int part, int parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 128 * samples.size());
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("endpoint", batch.endpoint());
            g.writeNumberField("status", batch.statusCode());
            g.writeStringField("responseBody", batch.responseBody());
            g.writeStringField("rejectedAt", batch.rejectedAt().toString());
            g.writeNumberField("part", part);
            g.writeNumberField("parts", parts);
            g.writeNumberField("sampleCount", samples.size());
            g.writeArrayFieldStart("samples");
            for (PrometheusSample s : samples) {
                g.writeStartObject();
                g.writeObjectFieldStart("labels");
                g.writeStringField(PrometheusNames.METRIC_NAME_LABEL, s.metricName());
                Labels labels = s.labels();
                for (int i = 0; i < labels.size(); i++) {
                    g.writeStringField(labels.name(i), labels.value(i));
                }
                g.writeEndObject();
                g.writeNumberField("timestampMs", s.timestampMs());
                writeValue(g, s.value());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return bytes.toByteArray();
    }

    private static void writeValue(JsonGenerator g, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeStringField("value", "NaN");
        } else if (Double.isInfinite(v)) {
            g.writeStringField("value", v > 0 ? "+Inf" : "-Inf");
        } else {
            g.writeNumberField("value", v);
        }
    }
}
