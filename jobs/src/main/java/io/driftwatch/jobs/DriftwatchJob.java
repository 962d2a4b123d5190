package io.driftwatch.jobs;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.jobs.confidence.ConfidencePipeline;
import io.driftwatch.jobs.config.CommandLineArgs;
import io.driftwatch.jobs.config.ConfigException;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.FlinkConfig;
import io.driftwatch.jobs.cost.CostPipeline;
import io.driftwatch.jobs.cost.Repricing;
import io.driftwatch.jobs.drift.FeatureDriftPipeline;
import io.driftwatch.jobs.pipeline.KafkaTopics;
import io.driftwatch.jobs.pipeline.MetricsInput;
import io.driftwatch.jobs.pipeline.Sinks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driftwatch's Flink job: every enabled analysis (confidence baselines, feature drift, cost) over one
 * shared input, so each OTLP record is read and decoded once.
 *
 * <pre>
 * {@link MetricsInput} (Kafka ─▶ decode ─▶ normalise; bad records ─▶ dead letters)
 *   ├▶ confidence ─────┐
 *   ├▶ feature drift ──┼▶ union ─▶ Prometheus remote write
 *   │    (+ spans)     │
 *   └▶ …               ┘ events ─▶ KafkaSink (exactly-once)
 * </pre>
 *
 * Run it with {@code flink run driftwatch-jobs.jar --config driftwatch.yaml [--set key=value]...}, over
 * the REST API or with the Kubernetes operator (README, "Running on a Flink cluster"). The
 * configuration file is read where {@code main} runs: the client for {@code flink run}, the
 * JobManager for the REST API and application mode. With {@code cost.reprice.name} set it is a bounded
 * re-pricing run of the cost analysis instead ({@link Repricing}).
 */
public final class DriftwatchJob {

    private static final Logger LOG = LoggerFactory.getLogger(DriftwatchJob.class);

    /** Stable operator ids: savepoints map state by them, so they never change. */
    static final String UID_REMOTE_WRITE = "remote-write";

    static final String UID_EVENTS = "events-sink";

    private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(30);

    private DriftwatchJob() {}

    public static void main(String[] args) throws Exception {
        CommandLineArgs cli;
        DriftwatchConfig config;
        try {
            cli = CommandLineArgs.parse(args);
            if (cli.help()) {
                System.out.println(CommandLineArgs.usage("flink run driftwatch-jobs.jar"));
                return;
            }
            config = Repricing.load(cli.configFile(), cli.overrides());
        } catch (ConfigException e) {
            // Thrown, not System.exit: submitted over REST or by the operator, main runs inside the
            // JobManager, which must survive a bad configuration; Flink reports the message to the caller.
            System.err.println("driftwatch: invalid configuration\n" + e.getMessage());
            throw new IllegalArgumentException("driftwatch: invalid configuration\n" + e.getMessage(), e);
        }
        LOG.info("Driftwatch configuration:\n{}", config.toYaml());
        if (config.kafka().checkTopics()) {
            try {
                KafkaTopics.check(config, TOPIC_CHECK_TIMEOUT);
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                throw e;
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        checkpointStorageWarning(config, env.getConfiguration()).ifPresent(warning -> {
            System.err.println("driftwatch: warning: " + warning);
            LOG.warn(warning);
        });
        build(env, config);
        env.execute(config.jobName());
    }

    /**
     * A warning when feature drift runs on the JobManager's in-memory checkpoint storage, which refuses
     * state over 5 MB: a 30-day baseline keeps 0.1–0.5 MB per feature, so a few dozen features fail
     * every checkpoint. {@code env} is the job's configuration merged with the cluster's.
     */
    static Optional<String> checkpointStorageWarning(DriftwatchConfig config, ReadableConfig env) {
        boolean inMemory =
                env.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty()
                        && env.getOptional(CheckpointingOptions.CHECKPOINT_STORAGE)
                                .map("jobmanager"::equalsIgnoreCase)
                                .orElse(true);
        if (!config.drift().enabled() || !inMemory) {
            return Optional.empty();
        }
        return Optional.of("feature drift is enabled but checkpoints go to the JobManager's memory (at most 5 MB of"
                + " state, about 10–50 features with a 30-day baseline): set flink.checkpoint-dir, or the cluster's"
                + " execution.checkpointing.dir, to a file system");
    }

    /** The Flink settings that follow from Driftwatch's configuration (checkpointing, state, savepoint). */
    public static Configuration flinkConfiguration(DriftwatchConfig config) {
        FlinkConfig f = config.flink();
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, f.checkpointInterval());
        c.set(StateBackendOptions.STATE_BACKEND, f.stateBackend().name().toLowerCase());
        if (!f.checkpointDir().isEmpty()) {
            c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, f.checkpointDir());
        }
        if (!f.savepointPath().isEmpty()) {
            c.set(StateRecoveryOptions.SAVEPOINT_PATH, f.savepointPath());
        }
        if (f.parallelism() > 0) {
            c.set(CoreOptions.DEFAULT_PARALLELISM, f.parallelism());
        }
        return c;
    }

    /** Adds the operators of every enabled analysis to {@code env}. */
    public static void build(StreamExecutionEnvironment env, DriftwatchConfig config) {
        // Every operator treats its input as read-only (MetricPoint is immutable): no defensive copies.
        env.getConfig().enableObjectReuse();

        Set<String> consumed = new LinkedHashSet<>();
        if (config.confidence().enabled()) {
            consumed.addAll(ConfidencePipeline.consumedMetrics(config));
        }
        if (config.drift().enabled()) {
            consumed.addAll(FeatureDriftPipeline.consumedMetrics(config));
        }
        if (config.cost().enabled()) {
            consumed.addAll(CostPipeline.consumedMetrics(config));
        }
        DataStream<MetricPoint> points = MetricsInput.attach(env, config, consumed);

        List<DataStream<PrometheusSample>> samples = new ArrayList<>();
        List<DataStream<EventRecord>> events = new ArrayList<>();
        if (config.confidence().enabled()) {
            ConfidencePipeline.Outputs confidence = ConfidencePipeline.attach(points, config);
            samples.add(confidence.samples());
            events.add(confidence.events());
        }
        if (config.drift().enabled()) {
            FeatureDriftPipeline.Outputs drift = FeatureDriftPipeline.attach(env, points, config);
            samples.add(drift.samples());
            events.add(drift.events());
        }
        if (config.cost().enabled()) {
            CostPipeline.Outputs cost = CostPipeline.attach(points, config);
            samples.add(cost.samples());
            events.add(cost.events());
        }

        if (!samples.isEmpty()) {
            union(samples)
                    .sinkTo(Sinks.remoteWrite(config))
                    .uid(UID_REMOTE_WRITE)
                    .name("Prometheus remote write");
        }
        if (!events.isEmpty() && !config.cost().reprice().active()) {
            // (A re-pricing run writes no events: the live job published them.)
            // Keyed by the event's key, so that all events of one subject reach one sink subtask in the
            // order they were made (the cost anomalies come from one instance, the sink runs at the job's
            // parallelism: a rebalance would interleave a subject's firing and resolved events).
            union(events)
                    .keyBy(EventRecord::key)
                    .sinkTo(Sinks.events(config))
                    .uid(UID_EVENTS)
                    .name("Events to Kafka");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> DataStream<T> union(List<DataStream<T>> streams) {
        DataStream<T> first = streams.get(0);
        return streams.size() == 1
                ? first
                : first.union(streams.subList(1, streams.size()).toArray(DataStream[]::new));
    }
}
