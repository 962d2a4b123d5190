package io.driftwatch.devstack;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The end-to-end ITCases' stack: a real Kafka broker (with the two dead-letter topics) and a real
 * VictoriaMetrics, the job's configuration against them, bounded runs, and the published event schema.
 */
public final class EndToEnd implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final VictoriaMetricsServer vm;

    private EndToEnd(EmbeddedKafka kafka, VictoriaMetricsServer vm) {
        this.kafka = kafka;
        this.vm = vm;
    }

    /** A Flink MiniCluster of one task manager with two slots, for the jobs' parallelism 2. */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }

    /** Starts the broker and VictoriaMetrics, and creates the job's two dead-letter topics (one partition each). */
    public static EndToEnd start() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        EndToEnd stack;
        try {
            stack = new EndToEnd(kafka, VictoriaMetricsServer.start());
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        try {
            kafka.createTopics(1, "driftwatch.dead-letters", "driftwatch.remote-write.dead-letters");
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public VictoriaMetricsServer vm() {
        return vm;
    }

    /**
     * The job's configuration against this stack (parallelism 2, a checkpoint every 2 s) with the
     * overrides {@code more} ({@code key=value}) on top.
     */
    public DriftwatchConfig config(String... more) {
        List<String> overrides = new ArrayList<>(List.of(
                "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "remote-write.url=" + vm.writeUrl(),
                "flink.parallelism=2",
                "flink.checkpoint-interval=2s"));
        overrides.addAll(List.of(more));
        return DriftwatchConfig.load(null, overrides);
    }

    /** Runs the job bounded ({@code kafka.bounded=true}) with {@code more} to its end, then flushes VictoriaMetrics. */
    public void runBounded(String jobName, String... more) throws Exception {
        List<String> overrides = new ArrayList<>(List.of(more));
        overrides.add("kafka.bounded=true");
        environment(config(overrides.toArray(String[]::new))).execute(jobName);
        vm.flush();
    }

    /** Starts the job unbounded with {@code more}; the caller stops it. */
    public JobClient runUnbounded(String jobName, String... more) throws Exception {
        return environment(config(more)).executeAsync(jobName);
    }

    private static StreamExecutionEnvironment environment(DriftwatchConfig config) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(DriftwatchJob.flinkConfiguration(config));
        DriftwatchJob.build(env, config);
        return env;
    }

    /** The published JSON Schema of the events, {@code deploy/schemas/driftwatch-event.schema.json}. */
    public static Schema eventSchema() throws IOException {
        Path file = Path.of("")
                .toAbsolutePath()
                .resolveSibling("deploy")
                .resolve("schemas")
                .resolve("driftwatch-event.schema.json");
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(file));
    }

    /** A series' samples, by timestamp (ms). */
    public static NavigableMap<Long, Double> points(PromSeries series) {
        NavigableMap<Long, Double> points = new TreeMap<>();
        for (PromPoint p : series.points()) {
            points.put(p.timestampMs(), p.value());
        }
        return points;
    }

    @Override
    public void close() throws Exception {
        try {
            vm.close();
        } finally {
            kafka.close();
        }
    }
}
