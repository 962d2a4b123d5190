package io.driftwatch.devstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.cli.Converters;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.LocalFiles;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.drift.cli.CommandLines;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fleet scale: feature drift over at least 20,000 (model, version, feature) keys fed by 50,000
 * cumulative histogram series, on RocksDB with incremental checkpoints, read from a real Kafka broker
 * and written to a real VictoriaMetrics (parallelism 2, checkpoints every 10 s). Model version m has 2
 * replicas when m is even and 3 when odd, each exporting one {@code ml.feature.value} histogram per
 * feature every minute (16 buckets, {@code --values} observations per export); the baseline is frozen
 * after {@code --baseline-hours}, then every hour is evaluated over a one-hour window. Measured: points
 * read ÷ net job runtime, and from the job's REST API every completed checkpoint's full state size,
 * incremental (checkpointed) size and end-to-end duration.
 */
public final class ScaleBenchmark {

    private static final double[] BOUNDS = {-3, -2, -1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6};

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return Commands.create(new Options(), out, err);
    }

    @Command(
            name = "./driftwatch.sh bench-scale",
            description = "Feature drift at fleet scale on RocksDB with incremental checkpoints: throughput,"
                    + " state size and checkpoint duration.",
            descriptionHeading = "%n",
            optionListHeading = "%nOptions:%n")
    static final class Options implements Callable<Integer> {
        @Option(
                names = "--model-versions",
                paramLabel = "N",
                defaultValue = "250",
                converter = Converters.PositiveInt.class,
                description = "Model versions, each with 2 or 3 replicas (default: ${DEFAULT-VALUE}).")
        int modelVersions;

        @Option(
                names = "--features",
                paramLabel = "N",
                defaultValue = "80",
                converter = Converters.PositiveInt.class,
                description = "Histogram features per model version (default: ${DEFAULT-VALUE}).")
        int features;

        @Option(
                names = "--hours",
                paramLabel = "H",
                defaultValue = "6",
                converter = Converters.PositiveInt.class,
                description = "Hours of event time, one export a minute (default: ${DEFAULT-VALUE}).")
        int hours;

        @Option(
                names = "--baseline-hours",
                paramLabel = "H",
                defaultValue = "3",
                converter = Converters.PositiveInt.class,
                description = "Frozen baseline period (default: ${DEFAULT-VALUE}).")
        int baselineHours;

        @Option(
                names = "--values",
                paramLabel = "N",
                defaultValue = "10",
                converter = Converters.PositiveInt.class,
                description = "Observations per histogram export (default: ${DEFAULT-VALUE}).")
        int values;

        @Mixin
        CommandLines.HelpOption help;

        @Override
        public Integer call() throws Exception {
            if (baselineHours >= hours) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "--baseline-hours must be below --hours (" + hours + ")");
            }
            run(this);
            return 0;
        }
    }

    static void run(Options o) throws Exception {
        long series = 0;
        for (int m = 0; m < o.modelVersions; m++) {
            series += (long) replicas(m) * o.features;
        }
        long keys = (long) o.modelVersions * o.features;
        Path dir = Files.createTempDirectory("driftwatch-scale-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            kafka.createTopics(4, "otlp_metrics");
            kafka.createTopics(1, "driftwatch.dead-letters", "driftwatch.remote-write.dead-letters", "ml.drift.events");
            long t0 = System.nanoTime();
            long points = write(o, kafka.bootstrapServers());
            System.out.printf(
                    "input: %,d feature keys, %,d series, %,d points over %d h (written in %.0f s)%n",
                    keys, series, points, o.hours, (System.nanoTime() - t0) / 1e9);

            DriftwatchConfig config = DriftwatchConfig.load(
                    null,
                    List.of(
                            "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                            "kafka.bounded=true",
                            "kafka.group-id=scale-bench",
                            "remote-write.url=" + vm.writeUrl(),
                            "confidence.enabled=false",
                            "cost.enabled=false",
                            "drift.enabled=true",
                            // the default cap (10,000 series per metric and subtask) guards against a
                            // cardinality explosion; this fleet is meant to be that large
                            "ingest.max-series-per-metric=" + (series + 1000),
                            "drift.evaluation-interval=1h",
                            "drift.current-window=1h",
                            "drift.baseline.period=" + o.baselineHours + "h",
                            "flink.parallelism=2",
                            "flink.checkpoint-interval=10s",
                            "flink.state-backend=rocksdb",
                            "flink.checkpoint-dir=" + dir.resolve("checkpoints").toUri()));
            int restPort;
            try (ServerSocket s = new ServerSocket(0)) {
                restPort = s.getLocalPort();
            }
            Configuration flink = DriftwatchJob.flinkConfiguration(config);
            flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            flink.set(RestOptions.ADDRESS, "127.0.0.1");
            flink.set(RestOptions.PORT, restPort);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            DriftwatchJob.build(env, config);
            JobClient job = env.executeAsync("scale-bench");
            List<JsonNode> checkpoints = new ArrayList<>();
            URI stats = URI.create("http://127.0.0.1:" + restPort + "/jobs/" + job.getJobID() + "/checkpoints");
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            var result = job.getJobExecutionResult();
            while (!result.isDone()) {
                Thread.sleep(1_000);
                try {
                    JsonNode history = json.readTree(http.send(
                                            HttpRequest.newBuilder(stats).build(),
                                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                                    .body())
                            .path("history");
                    for (JsonNode c : history) {
                        if ("COMPLETED".equals(c.path("status").asText())
                                && checkpoints.stream()
                                        .noneMatch(k -> k.path("id").asLong()
                                                == c.path("id").asLong())) {
                            checkpoints.add(c);
                        }
                    }
                } catch (java.io.IOException e) {
                    // the REST endpoint goes away as the job finishes
                }
            }
            var execution = result.get();
            double net = execution.getNetRuntime() / 1e3;
            System.out.printf("job: %,.0f points/s (net runtime %.1f s)%n", points / net, net);
            checkpoints.sort(
                    (a, b) -> Long.compare(a.path("id").asLong(), b.path("id").asLong()));
            long maxState = 0;
            long maxDuration = 0;
            long maxIncrement = 0;
            for (JsonNode c : checkpoints) {
                long state = c.path("state_size").asLong();
                long increment = c.path("checkpointed_size").asLong();
                long duration = c.path("end_to_end_duration").asLong();
                System.out.printf(
                        "checkpoint %d: full state %,d bytes, uploaded %,d bytes, %,d ms%n",
                        c.path("id").asLong(), state, increment, duration);
                maxState = Math.max(maxState, state);
                maxDuration = Math.max(maxDuration, duration);
                maxIncrement = Math.max(maxIncrement, increment);
            }
            System.out.println();
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            System.out.printf("| feature keys / input series | %,d / %,d |%n", keys, series);
            System.out.printf(
                    "| points read ÷ net runtime (RocksDB, parallelism 2) | %,.0f points/s |%n", points / net);
            System.out.printf("| completed checkpoints | %d |%n", checkpoints.size());
            System.out.printf(
                    "| largest full state | %,d bytes (%,.0f B per feature key) |%n",
                    maxState, (double) maxState / keys);
            System.out.printf("| largest incremental upload | %,d bytes |%n", maxIncrement);
            System.out.printf("| longest checkpoint (end to end) | %,d ms |%n", maxDuration);
            System.out.printf(
                    "scale: %d feature keys, %d series, %.0f points/s, %d B state per key, %d ms longest checkpoint%n",
                    keys, series, points / net, maxState / keys, maxDuration);
        } finally {
            LocalFiles.deleteRecursively(dir);
        }
    }

    private static int replicas(int modelVersion) {
        return 2 + (modelVersion & 1);
    }

    /** Writes every export of every replica; returns the number of histogram points. */
    private static long write(Options o, String bootstrap) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofHours(o.hours));
        long points = 0;
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(bootstrap, Map.of("otlp_proto", "otlp_metrics"))) {
            List<long[][]> counts = new ArrayList<>();
            List<double[]> sums = new ArrayList<>();
            for (int m = 0; m < o.modelVersions; m++) {
                for (int r = 0; r < replicas(m); r++) {
                    counts.add(new long[o.features][BOUNDS.length + 1]);
                    sums.add(new double[o.features]);
                }
            }
            SplittableRandom random = new SplittableRandom(42);
            long startNanos = start.toEpochMilli() * 1_000_000L;
            for (int minute = 1; minute <= o.hours * 60; minute++) {
                long t = start.plus(Duration.ofMinutes(minute)).toEpochMilli();
                int replica = 0;
                for (int m = 0; m < o.modelVersions; m++) {
                    for (int r = 0; r < replicas(m); r++, replica++) {
                        long[][] c = counts.get(replica);
                        double[] s = sums.get(replica);
                        Resource resource = Resource.newBuilder()
                                .addAttributes(kv("service.name", "model-" + m))
                                .addAttributes(kv("service.instance.id", "model-" + m + "-" + r))
                                .build();
                        List<Metric> metrics = new ArrayList<>(o.features);
                        for (int f = 0; f < o.features; f++) {
                            for (int v = 0; v < o.values; v++) {
                                double x = random.nextGaussian();
                                s[f] += x;
                                c[f][bucket(x)]++;
                            }
                            HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder()
                                    .addAttributes(kv("model_name", "model-" + m))
                                    .addAttributes(kv("model_version", "v1"))
                                    .addAttributes(kv("feature", "f" + f))
                                    .setStartTimeUnixNano(startNanos)
                                    .setTimeUnixNano(t * 1_000_000L)
                                    .setCount((long) minute * o.values)
                                    .setSum(s[f]);
                            for (double b : BOUNDS) {
                                p.addExplicitBounds(b);
                            }
                            for (long n : c[f]) {
                                p.addBucketCounts(n);
                            }
                            metrics.add(Metric.newBuilder()
                                    .setName("ml.feature.value")
                                    .setHistogram(Histogram.newBuilder()
                                            .setAggregationTemporality(
                                                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                            .addDataPoints(p))
                                    .build());
                        }
                        byte[] value = ExportMetricsServiceRequest.newBuilder()
                                .addResourceMetrics(ResourceMetrics.newBuilder()
                                        .setResource(resource)
                                        .addScopeMetrics(
                                                ScopeMetrics.newBuilder().addAllMetrics(metrics)))
                                .build()
                                .toByteArray();
                        writer.send("otlp_proto", ("model-" + m + "-" + r).getBytes(StandardCharsets.UTF_8), value, t);
                        points += o.features;
                    }
                }
            }
            writer.flush();
        }
        return points;
    }

    private static int bucket(double x) {
        int i = 0;
        while (i < BOUNDS.length && x > BOUNDS[i]) {
            i++;
        }
        return i;
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }
}
