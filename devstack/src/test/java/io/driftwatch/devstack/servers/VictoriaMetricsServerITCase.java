package io.driftwatch.devstack.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VictoriaMetrics process wrapper against the real Debian binary. */
class VictoriaMetricsServerITCase {

    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    /** Writes Prometheus text-format lines ({@code name{labels} value timestamp-ms}). */
    private static void importText(VictoriaMetricsServer vm, String lines) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(vm.baseUrl().resolve("/api/v1/import/prometheus"))
                                .POST(HttpRequest.BodyPublishers.ofString(lines))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode(), r.body());
    }

    @Test
    void startsQueriesExportsAndCleansUp() throws Exception {
        Path dataDir;
        URI base;
        try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            dataDir = vm.dataDir();
            base = vm.baseUrl();
            assertEquals(URI.create("http://127.0.0.1:" + vm.port() + "/api/v1/write"), vm.writeUrl());
            // a year-old event time is accepted thanks to -retentionPeriod=100y
            importText(
                    vm,
                    "vm_it{job=\"a\"} 1.5 " + T0 + "\n"
                            + "vm_it{job=\"a\"} 2.25 " + (T0 + 1500) + "\n"
                            + "vm_it{job=\"a\"} +Inf " + (T0 + 3000) + "\n"
                            + "vm_it{job=\"b\"} -4 " + T0 + "\n");
            vm.flush();

            List<PromSeries> exported = vm.exportSeries("{__name__=\"vm_it\"}");
            assertEquals(2, exported.size());
            assertEquals(
                    Map.of("__name__", "vm_it", "job", "a"), exported.get(0).labels());
            assertEquals(
                    List.of(
                            new PromPoint(T0, 1.5),
                            new PromPoint(T0 + 1500, 2.25),
                            new PromPoint(T0 + 3000, Double.POSITIVE_INFINITY)),
                    exported.get(0).points());
            assertEquals(List.of(new PromPoint(T0, -4)), exported.get(1).points());

            PromQueryResult instant = vm.query("sum(vm_it{job=\"a\"} < 10)", Instant.ofEpochMilli(T0 + 1600));
            assertEquals("vector", instant.resultType());
            assertEquals(2.25, instant.singleValue());
            assertEquals(T0 + 1600, instant.series().get(0).points().get(0).timestampMs());

            PromQueryResult range = vm.queryRange(
                    "vm_it{job=\"a\"}",
                    Instant.ofEpochMilli(T0),
                    Instant.ofEpochMilli(T0 + 2000),
                    Duration.ofMillis(500));
            assertEquals("matrix", range.resultType());
            List<PromPoint> points = range.series().get(0).points();
            assertEquals(new PromPoint(T0, 1.5), points.get(0));
            assertEquals(new PromPoint(T0 + 2000, 2.25), points.get(points.size() - 1));

            // MetricsQL quirk: a scalar expression comes back as a one-element vector, not as "scalar"
            assertEquals("vector", vm.query("1 + 1", Instant.ofEpochMilli(T0)).resultType());
            assertEquals(2.0, vm.query("1 + 1", Instant.ofEpochMilli(T0)).singleValue());
            IOException bad = assertThrows(IOException.class, () -> vm.query("sum(", Instant.ofEpochMilli(T0)));
            assertTrue(bad.getMessage().contains("sum("), bad.getMessage());
            assertTrue(Files.size(vm.logFile()) > 0);
        }
        assertFalse(Files.exists(dataDir), "temporary data directory deleted");
        assertThrows(
                ConnectException.class,
                () -> HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(base.resolve("/health")).build(),
                                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void keepsACallerOwnedDataDirectoryAcrossRestarts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("vm-data");
        try (VictoriaMetricsServer vm =
                VictoriaMetricsServer.builder().dataDir(data).start()) {
            importText(vm, "kept 7 " + T0 + "\n");
            vm.flush();
        }
        assertTrue(Files.isDirectory(data));
        assertTrue(Files.size(dir.resolve("vm-data.log")) > 0, "log beside the data directory");
        try (VictoriaMetricsServer vm =
                VictoriaMetricsServer.builder().dataDir(data).start()) {
            assertEquals(
                    List.of(new PromPoint(T0, 7)),
                    vm.exportSeries("kept").get(0).points());
        }
    }

    /** A remote-write retry re-sends identical samples: -dedup.minScrapeInterval=1ms stores them once. */
    @Test
    void aSampleWrittenTwiceIsStoredOnceAndThePausedServerAnswersAfterResume() throws Exception {
        try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            String lines = "dedup_it 1.5 " + T0 + "\n" + "dedup_it 2.5 " + (T0 + 1) + "\n";
            importText(vm, lines);
            importText(vm, lines);
            vm.pause();
            vm.resume();
            vm.flush();
            assertEquals(
                    List.of(new PromPoint(T0, 1.5), new PromPoint(T0 + 1, 2.5)),
                    vm.exportSeries("{__name__=\"dedup_it\"}").get(0).points());
        }
    }

    @Test
    void missingBinaryNamesTheInstallCommand(@TempDir Path dir) {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> VictoriaMetricsServer.builder()
                        .binary(dir.resolve("no-such-binary"))
                        .start());
        assertTrue(e.getMessage().contains("apt-get install victoria-metrics"), e.getMessage());
        assertTrue(e.getMessage().contains(VictoriaMetricsServer.BINARY_ENV), e.getMessage());
    }

    @Test
    void processThatDiesAtStartupReportsItsLog() {
        IOException e = assertThrows(
                IOException.class,
                () -> VictoriaMetricsServer.builder()
                        .extraFlags("-no.such.flag=1")
                        .start());
        assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("no.such.flag"), e.getMessage());
    }
}
