package io.driftwatch.devstack.servers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.cli.Converters;
import io.driftwatch.drift.cli.CommandLines;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A real single-node VictoriaMetrics (Debian package {@code victoria-metrics}) run as a child
 * process on the loopback interface, for tests and the embedded local runner.
 *
 * <p>It starts with {@code -retentionPeriod=100y} (so replayed past event times are accepted),
 * {@code -search.disableCache} and {@code -search.latencyOffset=0s} (queries see fresh data at once;
 * {@link #flush()} makes just-written samples searchable), logs to {@link #logFile()}, and is
 * healthy ({@code /health} answers {@code OK}) when {@link #start()} returns. {@link #close()} stops
 * the process and deletes a temporary data directory.
 *
 * <p>Like every VictoriaMetrics the project deploys, it runs with {@value #DEDUP_FLAG}: samples of one
 * series with the same timestamp are stored once (VictoriaMetrics keeps one sample per series and
 * 1 ms interval when it merges parts and when it answers queries, {@code /api/v1/export} included). A
 * remote-write retry re-sends bit-identical samples, so a request that timed out but was stored
 * anyway leaves no duplicate (README, "Output: Prometheus remote write").
 *
 * <p>For fault tests, {@link #pause()} and {@link #resume()} send SIGSTOP and SIGCONT, {@link #kill()}
 * sends SIGKILL, and {@link #restart()} starts the binary again on the same port and data directory.
 *
 * <p>VictoriaMetrics 1.79 behaviour worth knowing when asserting on what it returns:
 *
 * <ul>
 *   <li>Values are stored as decimal mantissas with one exponent per block of a series: values of
 *       very different magnitude in one series lose precision (0.1 next to 1e300 reads back as 0),
 *       and about 12 significant digits survive; use values such as multiples of 0.25 for exact
 *       comparisons.
 *   <li>Plain {@code NaN} samples are dropped; {@code ±Inf} are kept.
 *   <li>Samples more than 2 days in the future are dropped with only a log line (the write still
 *       answers 204).
 *   <li>At most 30 labels per series are kept ({@code -maxLabelsPerTimeseries}), label values are
 *       truncated at 16 KiB, both silently.
 * </ul>
 */
public final class VictoriaMetricsServer implements AutoCloseable {

    /** Environment variable that overrides the binary's path. */
    public static final String BINARY_ENV = "DRIFTWATCH_VICTORIA_METRICS_BIN";

    public static final Path DEFAULT_BINARY = Path.of("/usr/bin/victoria-metrics");

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int START_ATTEMPTS = 3;

    /** One sample per series and millisecond: a retried remote-write request is stored once. */
    public static final String DEDUP_FLAG = "-dedup.minScrapeInterval=1ms";

    private volatile Process process;
    private final List<String> command;
    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final Path ownedDir;
    private final HttpClient http;
    private final Thread shutdownHook;
    private boolean closed;

    private VictoriaMetricsServer(
            Process process, List<String> command, int port, Path dataDir, Path logFile, Path ownedDir) {
        this.process = process;
        this.command = List.copyOf(command);
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.ownedDir = ownedDir;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.shutdownHook = new Thread(this::stopProcess, "victoria-metrics-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts on a free port with a temporary data directory that {@link #close()} deletes. */
    public static VictoriaMetricsServer start() throws IOException {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT}, without trailing slash. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The Prometheus remote-write endpoint, {@code /api/v1/write}. */
    public URI writeUrl() {
        return baseUrl().resolve("/api/v1/write");
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The process' combined stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /** Makes all samples received so far searchable ({@code /internal/force_flush}). */
    public void flush() throws IOException {
        get("/internal/force_flush", Map.of());
    }

    /** An instant PromQL query ({@code /api/v1/query}) evaluated at {@code time}. */
    public PromQueryResult query(String promql, Instant time) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", promql);
        params.put("time", seconds(time));
        return parseQueryResult(get("/api/v1/query", params), promql);
    }

    /** A range PromQL query ({@code /api/v1/query_range}). */
    public PromQueryResult queryRange(String promql, Instant start, Instant end, Duration step) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", promql);
        params.put("start", seconds(start));
        params.put("end", seconds(end));
        params.put("step", step.toMillis() + "ms");
        return parseQueryResult(get("/api/v1/query_range", params), promql);
    }

    /**
     * The raw samples of all series matching a series selector (e.g. {@code {__name__=~"ml_.*"}}),
     * from {@code /api/v1/export}: exact stored timestamps and values, no PromQL lookback or
     * interpolation. Series are ordered by their label sets' string form.
     */
    public List<PromSeries> exportSeries(String matcher) throws IOException {
        String body = get("/api/v1/export", Map.of("match[]", matcher));
        List<PromSeries> result = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                result.add(parseExportLine(line));
            }
        }
        result.sort(Comparator.comparing(s -> new TreeMap<>(s.labels()).toString()));
        return result;
    }

    /**
     * Imports samples in the Prometheus text exposition format with timestamps ({@code
     * /api/v1/import/prometheus}), e.g. {@code metric{a="b"} 1.5 1700000000000} (timestamp in ms):
     * for writing raw series beside what a job writes.
     */
    public void importPrometheus(String exposition) throws IOException {
        URI uri = baseUrl().resolve("/api/v1/import/prometheus");
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(exposition))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + uri, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "VictoriaMetrics answered " + response.statusCode() + " to " + uri + ": " + response.body());
        }
    }

    /** The process' id, e.g. to send it signals. */
    public long pid() {
        return process.pid();
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing until {@link #resume()}. */
    public void pause() throws IOException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException {
        signal("CONT");
    }

    /** SIGKILL, and waits for the process to be gone; {@link #restart()} starts it again on the same data. */
    public void kill() throws IOException {
        process.destroyForcibly(); // SIGKILL on Unix
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IOException("VictoriaMetrics (pid " + process.pid() + ") survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while killing VictoriaMetrics", e);
        }
    }

    /**
     * Starts the binary again with the same flags, port and data directory (after {@link #kill()}, or
     * stopping it), and waits until it is healthy.
     */
    public synchronized void restart() throws IOException {
        if (process.isAlive()) {
            stopProcess();
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        awaitHealthy(Duration.ofSeconds(60));
    }

    private void signal(String name) throws IOException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        try {
            if (kill.waitFor() != 0) {
                throw new IOException("kill -" + name + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending SIG" + name, e);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s) and deletes a temporary data directory. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        LocalProcesses.removeShutdownHook(shutdownHook);
        stopProcess();
        if (ownedDir != null) {
            LocalFiles.deleteRecursively(ownedDir);
        }
    }

    private void stopProcess() {
        Process p = process;
        if (p.isAlive()) {
            try {
                signal("CONT"); // a paused process would not act on SIGTERM
            } catch (IOException e) {
                // it has exited meanwhile
            }
        }
        LocalProcesses.stop(p, Duration.ofSeconds(10));
    }

    private String get(String path, Map<String, String> params) throws IOException {
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> p : params.entrySet()) {
            query.append(query.length() == 0 ? '?' : '&')
                    .append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        }
        URI uri = baseUrl().resolve(path + query);
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(60))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(
                    "VictoriaMetrics answered " + response.statusCode() + " to " + uri + ": " + response.body());
        }
        return response.body();
    }

    private static String seconds(Instant t) {
        return BigDecimal.valueOf(t.getEpochSecond())
                .add(BigDecimal.valueOf(t.getNano(), 9))
                .toPlainString();
    }

    static PromQueryResult parseQueryResult(String body, String promql) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (!"success".equals(root.path("status").asText())) {
            throw new IOException("query '" + promql + "' failed: " + body);
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        List<PromSeries> series = new ArrayList<>();
        switch (type) {
            case "vector":
                for (JsonNode s : result) {
                    series.add(new PromSeries(labels(s.path("metric")), List.of(point(s.path("value")))));
                }
                break;
            case "matrix":
                for (JsonNode s : result) {
                    List<PromPoint> points = new ArrayList<>();
                    for (JsonNode v : s.path("values")) {
                        points.add(point(v));
                    }
                    series.add(new PromSeries(labels(s.path("metric")), points));
                }
                break;
            case "scalar":
            case "string":
                series.add(new PromSeries(Map.of(), List.of(point(result))));
                break;
            default:
                throw new IOException("unknown resultType '" + type + "' for query '" + promql + "': " + body);
        }
        return new PromQueryResult(type, series);
    }

    /** One export line; VictoriaMetrics writes infinities as bare {@code +Inf}/{@code -Inf} (not JSON). */
    static PromSeries parseExportLine(String line) throws IOException {
        String marker = "\"values\":[";
        int from = line.lastIndexOf(marker); // an unescaped quote cannot occur inside label strings
        if (from >= 0) {
            int start = from + marker.length();
            int end = line.indexOf(']', start);
            String values = line.substring(start, end).replaceAll("(^|,)([+-]?Inf|NaN)(?=,|$)", "$1\"$2\"");
            line = line.substring(0, start) + values + line.substring(end);
        }
        JsonNode node = JSON.readTree(line);
        JsonNode values = node.path("values");
        JsonNode timestamps = node.path("timestamps");
        if (values.size() != timestamps.size()) {
            throw new IOException(
                    "export line has " + values.size() + " values but " + timestamps.size() + " timestamps");
        }
        List<PromPoint> points = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            points.add(new PromPoint(timestamps.get(i).asLong(), value(values.get(i))));
        }
        return new PromSeries(labels(node.path("metric")), points);
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : metric.properties()) {
            labels.put(e.getKey(), e.getValue().asText());
        }
        return labels;
    }

    /** A {@code [seconds, "value"]} pair of the query API. */
    private static PromPoint point(JsonNode pair) {
        long ms = pair.get(0)
                .decimalValue()
                .movePointRight(3)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
        return new PromPoint(ms, value(pair.get(1)));
    }

    private static double value(JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        switch (v.asText()) {
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
            case "null": // /api/v1/export writes NaN values, e.g. the staleness markers of scraped series, as null
                return Double.NaN;
            default:
                return Double.parseDouble(v.asText());
        }
    }

    /** Runs VictoriaMetrics in the foreground for local use until the JVM stops (Ctrl-C). */
    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line that {@link #main} executes, printing help to {@code out} and errors to {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Commands.create(new Options(), out, err);
    }

    /** The command-line arguments of {@link #main}; {@link #call} runs VictoriaMetrics. */
    @Command(
            name = "VictoriaMetricsServer",
            description = "VictoriaMetrics (Debian's /usr/bin/victoria-metrics) in the foreground for local use, until"
                    + " Ctrl-C.",
            descriptionHeading = "%n",
            parameterListHeading = "%nArguments:%n",
            optionListHeading = "%nOptions:%n")
    static final class Options implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "PORT",
                arity = "0..1",
                defaultValue = "8428",
                converter = Converters.Port.class,
                description = "The HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
        int port;

        @Parameters(
                index = "1",
                paramLabel = "DATA_DIR",
                arity = "0..1",
                description = "The data directory (default: a temporary one, deleted on exit).")
        Path dataDir;

        @Mixin
        CommandLines.HelpOption help;

        @Override
        public Integer call() throws Exception {
            Builder builder = builder().port(port);
            if (dataDir != null) {
                builder.dataDir(dataDir);
            }
            VictoriaMetricsServer vm = builder.start();
            System.out.println("VictoriaMetrics at " + vm.baseUrl() + " (remote write: " + vm.writeUrl() + ", data: "
                    + vm.dataDir() + ", log: " + vm.logFile() + "); Ctrl-C stops it");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    vm.close();
                } catch (IOException e) {
                    System.err.println("cannot clean up VictoriaMetrics: " + e);
                }
            }));
            vm.process.waitFor();
            return 0;
        }
    }

    /** Options of {@link VictoriaMetricsServer}. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private Path binary;
        private final List<String> extraFlags = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /** A fixed port; default 0 = a free port chosen at start. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be within 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * A data directory that is kept after close, with the log beside it ({@code <dataDir>.log});
         * default: a temporary directory for data and log that close() deletes.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** The binary; default {@code $DRIFTWATCH_VICTORIA_METRICS_BIN}, else {@code /usr/bin/victoria-metrics}. */
        public Builder binary(Path binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /** Additional command-line flags, e.g. {@code -maxInsertRequestSize=1KB}; later flags win. */
        public Builder extraFlags(String... flags) {
            extraFlags.addAll(List.of(flags));
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Starts the process and waits until {@code /health} answers OK.
         *
         * @throws IllegalStateException if the binary is missing (with installation instructions)
         * @throws IOException if the process does not become healthy; the message holds its log tail
         */
        public VictoriaMetricsServer start() throws IOException {
            Path bin = resolveBinary();
            // a caller-owned data directory keeps its log beside it; otherwise both live in one temporary directory
            Path tempRoot = dataDir == null ? Files.createTempDirectory("victoria-metrics-") : null;
            Path data = tempRoot == null ? dataDir.toAbsolutePath() : tempRoot.resolve("data");
            Path log = tempRoot == null
                    ? data.resolveSibling(data.getFileName() + ".log")
                    : tempRoot.resolve("victoria-metrics.log");
            Files.createDirectories(data);
            IOException last = null;
            // an auto-chosen free port may be taken by someone else before the process binds it
            for (int attempt = 1; attempt <= (port == 0 ? START_ATTEMPTS : 1); attempt++) {
                int p = port == 0 ? LocalProcesses.freeLoopbackPort() : port;
                List<String> command = new ArrayList<>(List.of(
                        bin.toString(),
                        "-httpListenAddr=127.0.0.1:" + p,
                        "-storageDataPath=" + data,
                        "-retentionPeriod=100y",
                        "-search.disableCache",
                        "-search.latencyOffset=0s",
                        DEDUP_FLAG));
                command.addAll(extraFlags);
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
                VictoriaMetricsServer server = new VictoriaMetricsServer(process, command, p, data, log, tempRoot);
                try {
                    server.awaitHealthy(startupTimeout);
                    return server;
                } catch (IOException e) {
                    last = e;
                    server.stopProcess();
                    Runtime.getRuntime().removeShutdownHook(server.shutdownHook);
                }
            }
            if (tempRoot != null) {
                LocalFiles.deleteRecursively(tempRoot); // the exception carries the log's last lines
            }
            throw last;
        }

        private Path resolveBinary() {
            Path bin = binary;
            if (bin == null) {
                String env = System.getenv(BINARY_ENV);
                bin = env == null || env.isBlank() ? DEFAULT_BINARY : Path.of(env);
            }
            if (!Files.isExecutable(bin)) {
                throw new IllegalStateException("VictoriaMetrics binary not found or not executable at " + bin
                        + ": install it with `apt-get install victoria-metrics`, or point " + BINARY_ENV + " at it");
            }
            return bin;
        }
    }

    private void awaitHealthy(Duration timeout) throws IOException {
        LocalProcesses.awaitHttp(
                http,
                process,
                "VictoriaMetrics",
                baseUrl().resolve("/health"),
                r -> r.statusCode() == 200 && r.body().strip().equals("OK"),
                timeout,
                logFile);
    }
}
