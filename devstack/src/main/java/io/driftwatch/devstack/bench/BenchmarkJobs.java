package io.driftwatch.devstack.bench;

import io.driftwatch.devstack.cli.Converters;
import io.driftwatch.devstack.servers.LocalFiles;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Option;

/** The benchmarks' shared job runs: a bounded run's runtimes, and an unbounded run's savepoint. */
final class BenchmarkJobs {

    private BenchmarkJobs() {}

    /**
     * The runtimes of one bounded run: Flink's net job runtime, and the wall time of {@code execute}
     * (start-up included), in seconds.
     */
    record Runtime(double netSeconds, double wallSeconds) {}

    /** The benchmark input's size options, {@code --services N --hours H} (a mixin). */
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
        StreamExecutionEnvironment env = environment(DriftwatchConfig.load(null, overrides));
        long t0 = System.nanoTime();
        JobExecutionResult result = env.execute(jobName);
        double wallSeconds = (System.nanoTime() - t0) / 1e9;
        return new Runtime(result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3, wallSeconds);
    }

    /**
     * What a savepoint holds: its size on disk (every file, the metadata included) and the state size of
     * each operator as its metadata records it.
     */
    record Savepoint(long bytes, List<OperatorState> operators) {

        /** The state size of the operator with the fixed uid {@code uid}, as Flink's metadata records it. */
        long operatorBytes(String uid) {
            // A uid's OperatorID is its user-specified hash, the one Flink gives the operator in the job graph.
            OperatorID id = new OperatorID(StreamGraphHasherV2.generateUserSpecifiedHash(uid));
            return operators.stream()
                    .filter(o -> o.getOperatorID().equals(id))
                    .mapToLong(OperatorState::getStateSize)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no operator with uid " + uid + " in the savepoint"));
        }
    }

    /**
     * The savepoint of an unbounded run with {@code common} and consumer group {@code groupId}, stopped once
     * the group's committed offsets reached the end of every topic the job reads (so it has read, and
     * checkpointed, the whole input); fails after {@code timeout}.
     */
    static Savepoint savepoint(List<String> common, String groupId, String jobName, Duration timeout) throws Exception {
        List<String> overrides = new ArrayList<>(common);
        overrides.add("kafka.group-id=" + groupId);
        DriftwatchConfig config = DriftwatchConfig.load(null, overrides);
        JobClient job = environment(config).executeAsync(jobName);
        Path dir = Files.createTempDirectory("driftwatch-bench-savepoint");
        try {
            try {
                awaitCommittedEnd(config, job, timeout);
            } catch (Exception e) {
                job.cancel();
                throw e;
            }
            String pointer = job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            Path savepoint = Path.of(URI.create(pointer));
            CheckpointMetadata metadata;
            try (DataInputStream in = new DataInputStream(Files.newInputStream(savepoint.resolve("_metadata")))) {
                metadata = Checkpoints.loadCheckpointMetadata(in, BenchmarkJobs.class.getClassLoader(), pointer);
            }
            return new Savepoint(size(savepoint), List.copyOf(metadata.getOperatorStates()));
        } finally {
            LocalFiles.deleteRecursively(dir);
        }
    }

    /**
     * Waits until the consumer group of {@code job} committed the end offset of every partition of its
     * input topics; fails when the job ends first or after {@code timeout}.
     */
    private static void awaitCommittedEnd(DriftwatchConfig config, JobClient job, Duration timeout) throws Exception {
        List<String> topics = new ArrayList<>(config.kafka().topics());
        if (config.drift().enabled() && config.drift().spans().enabled()) {
            topics.addAll(config.drift().spans().topics());
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get()
                    .values()
                    .forEach(t -> t.partitions()
                            .forEach(
                                    p -> latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                config.kafka().groupId())
                        .partitionsToOffsetAndMetadata()
                        .get();
                // Flink commits a partition's offsets when a checkpoint completes; an empty one may never be.
                boolean done = end.entrySet().stream()
                        .allMatch(e -> e.getValue() == 0
                                || (committed.get(e.getKey()) != null
                                        && committed.get(e.getKey()).offset() >= e.getValue()));
                if (done) {
                    return;
                }
                JobStatus status = job.getJobStatus().get();
                if (status.isGloballyTerminalState()) {
                    throw new IllegalStateException("the job is " + status + " before it read its whole input");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the job had not committed the end offsets of " + topics + " after "
                            + timeout.toSeconds() + " s: committed " + committed + ", end " + end);
                }
                Thread.sleep(1000);
            }
        }
    }

    private static StreamExecutionEnvironment environment(DriftwatchConfig config) {
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
