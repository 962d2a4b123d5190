package io.driftwatch.devstack.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per use case, the sum of the {@code ml:cost:hourly} samples of the hours ending in {@code (from, to]},
 * read from a Prometheus-compatible query API ({@code /api/v1/query} with a range selector: the raw
 * samples, no interpolation). Each sample is rounded to a micro-unit (the job wrote micro-units as
 * floats) and the sums are exact.
 */
final class RepriceTotals {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI queryUrl;

    /** @param queryUrl the API's base, e.g. {@code http://localhost:8428} */
    RepriceTotals(URI queryUrl) {
        this.queryUrl = queryUrl;
    }

    /**
     * Asks a VictoriaMetrics to make the samples it received searchable now ({@code /internal/force_flush});
     * other stores answer 404, and their samples are searchable on receipt anyway.
     */
    void flush() {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(queryUrl + "/internal/force_flush"))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // best effort: the query below reports an unreachable store
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A sample of an hour: its use case, hour end and amount in micro-units. */
    record Sample(String useCase, long hourEndMillis, long micros) {}

    /** The samples of {@code selector} (a series selector, e.g. {@code ml:cost:hourly{pricing="x"}}) stamped in {@code (from, to]}. */
    java.util.List<Sample> samples(String selector, long fromMillis, long toMillis) throws IOException {
        long rangeSeconds = (toMillis - fromMillis) / 1000;
        String promql = selector + "[" + rangeSeconds + "s]";
        String uri = queryUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
                + BigDecimal.valueOf(toMillis, 3).toPlainString();
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(uri))
                            .timeout(Duration.ofSeconds(60))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while querying " + queryUrl, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            root = JSON.createObjectNode();
        }
        if (response.statusCode() != 200
                || !"success".equals(root.path("status").asText())) {
            throw new IOException("the query " + promql + " at " + queryUrl + " failed (HTTP " + response.statusCode()
                    + "): " + response.body());
        }
        java.util.List<Sample> out = new java.util.ArrayList<>();
        for (JsonNode series : root.path("data").path("result")) {
            String useCase = series.path("metric").path("use_case").asText("");
            for (JsonNode v : series.path("values")) {
                long t = new BigDecimal(v.get(0).asText())
                        .movePointRight(3)
                        .setScale(0, RoundingMode.HALF_EVEN)
                        .longValueExact();
                if (t > fromMillis && t <= toMillis) {
                    long micros = new BigDecimal(v.get(1).asText())
                            .movePointRight(6)
                            .setScale(0, RoundingMode.HALF_EVEN)
                            .longValueExact();
                    out.add(new Sample(useCase, t, micros));
                }
            }
        }
        return out;
    }

    /** Use case → the sum of its samples stamped at or before {@code toMillis}, in micro-units. */
    static Map<String, Long> totals(java.util.List<Sample> samples, long toMillis) {
        Map<String, Long> totals = new TreeMap<>();
        for (Sample s : samples) {
            if (s.hourEndMillis() <= toMillis) {
                totals.merge(s.useCase(), s.micros(), Math::addExact);
            }
        }
        return totals;
    }
}
