package io.driftwatch.devstack.bench;

import io.driftwatch.devstack.cli.Converters;
import io.driftwatch.devstack.servers.LocalFiles;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Option;

/** The benchmarks' shared job runs: a bounded run's runtimes, and an unbounded run's savepoint size. */
final class BenchmarkJobs {

    private BenchmarkJobs() {}

    /**
     * The runtimes of one bounded run: Flink's net job runtime, and the wall time of {@code execute}
     * (start-up included), in seconds.
     */
    record Runtime(double netSeconds, double wallSeconds) {}

    /** The benchmark input's size options of the foundation and cost benchmarks: {@code --services N --hours H} (a mixin). */
    static final class InputOptions {
        @Option(
                names = "--services",
                paramLabel = "N",
                defaultValue = "500",
                converter = Converters.PositiveInt.class,
                description = "Simulated service replicas, ten per model group (default: ${DEFAULT-VALUE}).")
        private int services;

        @Option(
                names = "--hours",
                paramLabel = "H",
                defaultValue = "24",
                converter = Converters.PositiveInt.class,
                description = "Hours of event time, an export every minute (default: ${DEFAULT-VALUE}).")
        private int hours;

        int services() {
            return services;
        }

        int hours() {
            return hours;
        }
    }

    /**
     * Runs the job bounded ({@code kafka.bounded=true}) over the whole input with {@code common}, consumer
     * group {@code groupId} and the overrides {@code more}, under the name {@code jobName}.
     */
    static Runtime bounded(List<String> common, String groupId, String jobName, String... more) throws Exception {
        List<String> overrides = new ArrayList<>(common);
        overrides.addAll(List.of("kafka.bounded=true", "kafka.group-id=" + groupId));
        overrides.addAll(List.of(more));
        StreamExecutionEnvironment env = environment(overrides);
        long t0 = System.nanoTime();
        JobExecutionResult result = env.execute(jobName);
        double wallSeconds = (System.nanoTime() - t0) / 1e9;
        return new Runtime(result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3, wallSeconds);
    }

    /**
     * The size in bytes of the savepoint of an unbounded run with {@code common} and consumer group
     * {@code groupId}, stopped after {@code waitMillis} (long enough for it to have read the whole input).
     */
    static long savepointBytes(List<String> common, String groupId, String jobName, long waitMillis) throws Exception {
        List<String> overrides = new ArrayList<>(common);
        overrides.add("kafka.group-id=" + groupId);
        JobClient job = environment(overrides).executeAsync(jobName);
        Thread.sleep(waitMillis);
        Path dir = Files.createTempDirectory("driftwatch-bench-savepoint");
        try {
            String savepoint = job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            return size(Path.of(URI.create(savepoint)));
        } finally {
            LocalFiles.deleteRecursively(dir);
        }
    }

    private static StreamExecutionEnvironment environment(List<String> overrides) {
        DriftwatchConfig config = DriftwatchConfig.load(null, overrides);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(DriftwatchJob.flinkConfiguration(config));
        DriftwatchJob.build(env, config);
        return env;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
