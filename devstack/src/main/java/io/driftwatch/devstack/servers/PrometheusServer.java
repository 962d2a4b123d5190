package io.driftwatch.devstack.servers;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Prometheus (Debian package {@code prometheus}, 2.42 here) run as a child process on the
 * loopback interface with its remote-write receiver ({@code --web.enable-remote-write-receiver},
 * {@code /api/v1/write}), an empty scrape configuration and a temporary TSDB, for tests that need a
 * receiver stricter than VictoriaMetrics.
 *
 * <p>What makes it stricter: without an out-of-order window its receiver refuses a whole request with
 * HTTP 400 when one sample is out of order (older than the series' latest), a duplicate (the latest
 * timestamp with another value) or out of bounds (more than about an hour older than the newest
 * sample of the database), and stores nothing of that request.
 */
public final class PrometheusServer implements AutoCloseable {

    /** Environment variable that overrides the binary's path. */
    public static final String BINARY_ENV = "DRIFTWATCH_PROMETHEUS_BIN";

    public static final Path DEFAULT_BINARY = Path.of("/usr/bin/prometheus");

    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path dir;
    private final Path logFile;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread shutdownHook;
    private boolean closed;

    private PrometheusServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.logFile = dir.resolve("prometheus.log");
        this.shutdownHook = new Thread(this::stopProcess, "prometheus-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts on a free port with a temporary directory (TSDB, configuration, log) that {@link #close()}
     * deletes, and waits until {@code /-/ready} answers.
     *
     * @throws IllegalStateException if the binary is missing (with installation instructions)
     * @throws IOException if it does not become ready within a minute; the message holds its log tail
     */
    public static PrometheusServer start() throws IOException {
        Path bin = binary();
        Path dir = Files.createTempDirectory("prometheus-");
        Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
        IOException last = null;
        // a free port may be taken by someone else before the process binds it
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = LocalProcesses.freeLoopbackPort();
            Process process = new ProcessBuilder(
                            bin.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--web.enable-remote-write-receiver",
                            "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("prometheus.log").toFile()))
                    .start();
            PrometheusServer server = new PrometheusServer(process, port, dir);
            try {
                server.awaitReady(Duration.ofSeconds(60));
                return server;
            } catch (IOException e) {
                last = e;
                server.stopProcess();
                LocalProcesses.removeShutdownHook(server.shutdownHook);
            }
        }
        LocalFiles.deleteRecursively(dir);
        throw last;
    }

    private static Path binary() {
        String env = System.getenv(BINARY_ENV);
        Path bin = env == null || env.isBlank() ? DEFAULT_BINARY : Path.of(env);
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("Prometheus binary not found or not executable at " + bin
                    + ": install it with `apt-get install prometheus`, or point " + BINARY_ENV + " at it");
        }
        return bin;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The remote-write receiver, {@code /api/v1/write}. */
    public URI writeUrl() {
        return baseUrl().resolve("/api/v1/write");
    }

    /** The process' combined stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /**
     * Every stored raw sample of the series matching {@code selector} within {@code range} before
     * {@code at}: the range-vector query {@code selector[range]}, which returns samples unaltered.
     */
    public List<PromSeries> rawSamples(String selector, Instant at, Duration range) throws IOException {
        String promql = selector + "[" + range.toSeconds() + "s]";
        URI uri = baseUrl()
                .resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
                        + at.getEpochSecond() + "." + String.format("%03d", at.getNano() / 1_000_000));
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(
                    "Prometheus answered " + response.statusCode() + " to " + uri + ": " + response.body());
        }
        return VictoriaMetricsServer.parseQueryResult(response.body(), promql).series();
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LocalProcesses.removeShutdownHook(shutdownHook);
        stopProcess();
        LocalFiles.deleteRecursively(dir);
    }

    private void stopProcess() {
        LocalProcesses.stop(process, Duration.ofSeconds(10));
    }

    private void awaitReady(Duration timeout) throws IOException {
        LocalProcesses.awaitHttp(
                http,
                process,
                "Prometheus",
                baseUrl().resolve("/-/ready"),
                r -> r.statusCode() == 200,
                timeout,
                logFile);
    }
}
