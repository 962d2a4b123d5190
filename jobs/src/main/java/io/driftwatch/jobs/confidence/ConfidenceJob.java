package io.driftwatch.jobs.confidence;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.connectors.otlp.CardinalityGuardSettings;
import io.driftwatch.connectors.otlp.DecodedOtlpRecord;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.MetricPointTypeInfo;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.OtlpIngestFunction;
import io.driftwatch.connectors.otlp.OtlpMetricsDeserializationSchema;
import io.driftwatch.connectors.remotewrite.PrometheusRemoteWriteSink;
import io.driftwatch.connectors.remotewrite.PrometheusRemoteWriteSinkBuilder;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.jobs.config.BaselineMode;
import io.driftwatch.jobs.config.CommandLineArgs;
import io.driftwatch.jobs.config.ConfidenceConfig;
import io.driftwatch.jobs.config.ConfigException;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.FlinkConfig;
import io.driftwatch.jobs.config.InputTopic;
import io.driftwatch.jobs.config.KafkaConfig;
import io.driftwatch.jobs.config.RemoteWriteConfig;
import io.driftwatch.jobs.ingest.CumulativeToDeltaFunction;
import io.driftwatch.jobs.ingest.SeriesKey;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The confidence job: OTLP metrics from Kafka to confidence baselines in VictoriaMetrics.
 *
 * <pre>
 * KafkaSource (decodes each record; event time and watermarks per partition)
 *   ─▶ cardinality guard, rejection counting ─▶ dead letters ─▶ KafkaSink (dead-letter topic)
 *   ─▶ confidence histograms ─▶ keyBy(series) cumulative→delta
 *   ─▶ keyBy(group) {@link ConfidenceBaselineFunction} ─▶ Prometheus remote write
 * </pre>
 */
public final class ConfidenceJob {

    private static final Logger LOG = LoggerFactory.getLogger(ConfidenceJob.class);

    /** Stable operator ids: savepoints map state by them, so they never change. */
    static final String UID_SOURCE = "otlp-metrics-source";
    static final String UID_INGEST = "otlp-ingest";
    static final String UID_DELTA = "cumulative-to-delta";
    static final String UID_CONFIDENCE = "confidence-baselines";
    static final String UID_REMOTE_WRITE = "remote-write";
    static final String UID_DEAD_LETTERS = "dead-letter-sink";

    private static final TypeInformation<Tuple2<Long, MetricPoint>> SERIES_POINT =
            Types.TUPLE(Types.LONG, MetricPointTypeInfo.INSTANCE);

    private ConfidenceJob() {}

    public static void main(String[] args) throws Exception {
        CommandLineArgs cli;
        DriftwatchConfig config;
        try {
            cli = CommandLineArgs.parse(args);
            if (cli.help()) {
                System.out.println(CommandLineArgs.usage("flink run driftwatch-jobs.jar"));
                return;
            }
            config = DriftwatchConfig.load(cli.configFile(), cli.overrides());
        } catch (ConfigException e) {
            System.err.println("driftwatch: invalid configuration\n" + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("Driftwatch configuration:\n{}", config.toYaml());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        build(env, config);
        env.execute(config.jobName());
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

    /** Adds the job's operators to {@code env}. */
    public static void build(StreamExecutionEnvironment env, DriftwatchConfig config) {
        // Every operator treats its input as read-only (MetricPoint is immutable): no defensive copies.
        env.getConfig().enableObjectReuse();
        KafkaConfig kafka = config.kafka();

        Map<String, OtlpEncoding> encodings = new LinkedHashMap<>();
        for (InputTopic input : kafka.inputs()) {
            encodings.put(input.topic(), OtlpEncoding.parse(input.encoding()));
        }
        ConfidenceConfig confidence = config.confidence();
        DecoderOptions decoderOptions = DecoderOptions.builder()
                .minTimestamp(config.ingest().minTimestamp())
                .maxFutureSkew(config.ingest().maxFutureSkew())
                // Every point is validated; only those of the metrics this job uses are normalised.
                .consumedMetrics(confidence.enabled() ? List.of(confidence.metric()) : List.of())
                .build();

        WatermarkStrategy<DecodedOtlpRecord> watermarks = WatermarkStrategy
                .<DecodedOtlpRecord>forBoundedOutOfOrderness(config.ingest().maxOutOfOrderness())
                .withTimestampAssigner((record, kafkaTimestamp) -> record.eventTimeMillis());
        if (config.ingest().idlenessDetectionEnabled()) {
            watermarks = watermarks.withIdleness(config.ingest().idleTimeout());
        }
        DataStream<DecodedOtlpRecord> records = env
                .fromSource(kafkaSource(kafka, encodings, decoderOptions), watermarks, "OTLP metrics from Kafka")
                .uid(UID_SOURCE);

        SingleOutputStreamOperator<MetricPoint> points = records
                .process(OtlpIngestFunction.builder()
                        .cardinalityGuard(CardinalityGuardSettings.builder()
                                .dropLabels(config.ingest().dropLabels())
                                .maxSeriesPerMetric(config.ingest().maxSeriesPerMetric())
                                .build())
                        .build())
                .uid(UID_INGEST)
                .name("Normalise OTLP points");

        points.getSideOutput(OtlpIngestFunction.DEAD_LETTERS)
                .sinkTo(deadLetterSink(kafka))
                .uid(UID_DEAD_LETTERS)
                .name("Dead letters to Kafka");

        if (confidence.enabled()) {
            ConfidenceSettings settings = settings(confidence, config.output().metricPrefix());
            points.filter(settings::accepts)
                    .name("Confidence histograms")
                    // Key by the full series identity, then ship only the labels the baselines need.
                    .map(p -> Tuple2.of(SeriesKey.of(p), settings.project(p)), SERIES_POINT)
                    .name("Series key")
                    .keyBy(t -> t.f0)
                    .process(new CumulativeToDeltaFunction(config.ingest().seriesStateTtl()))
                    .uid(UID_DELTA)
                    .name("Cumulative to delta")
                    .keyBy(settings::keyOf)
                    .process(new ConfidenceBaselineFunction(settings))
                    .uid(UID_CONFIDENCE)
                    .name("Confidence baselines")
                    .sinkTo(remoteWriteSink(config.remoteWrite(), kafka))
                    .uid(UID_REMOTE_WRITE)
                    .name("Prometheus remote write");
        }
    }

    static ConfidenceSettings settings(ConfidenceConfig c, String metricPrefix) {
        return new ConfidenceSettings(c.metric(), c.groupBy(), c.evaluationInterval(), c.currentWindow(),
                c.baseline().period(), c.baseline().mode() == BaselineMode.ROLLING, c.minCountPerInterval(),
                c.lowThreshold(), c.adaptiveThresholdK(), metricPrefix + "ml:confidence:");
    }

    private static KafkaSource<DecodedOtlpRecord> kafkaSource(KafkaConfig kafka, Map<String, OtlpEncoding> encodings,
            DecoderOptions decoderOptions) {
        var builder = KafkaSource.<DecodedOtlpRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setGroupId(kafka.groupId())
                .setTopics(kafka.topics())
                .setDeserializer(new OtlpMetricsDeserializationSchema(encodings, decoderOptions))
                .setProperties(consumerProperties(kafka))
                .setStartingOffsets(switch (kafka.startingOffsets()) {
                    case EARLIEST -> OffsetsInitializer.earliest();
                    case LATEST -> OffsetsInitializer.latest();
                    case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                });
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static KafkaSink<DeadLetter> deadLetterSink(KafkaConfig kafka) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(clientProperties(kafka))
                .setRecordSerializer(new DeadLetterSerializationSchema(kafka.deadLetterTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    private static PrometheusRemoteWriteSink<PrometheusSample> remoteWriteSink(RemoteWriteConfig rw, KafkaConfig kafka) {
        PrometheusRemoteWriteSinkBuilder<PrometheusSample> b = PrometheusRemoteWriteSink.builder()
                .setEndpoint(rw.url().toString())
                .setExtraLabels(rw.extraLabels())
                .setRequestTimeout(rw.timeout())
                .setRetryBackoff(rw.retryInitialBackoff(), rw.retryMaxBackoff())
                .setDeadLetterKafka(kafka.bootstrapServers(), rw.deadLetterTopic());
        b.setMaxBatchSize(rw.maxBatchSamples());
        b.setMaxBatchSizeInBytes(rw.maxBatchBytes());
        b.setMaxInFlightRequests(rw.maxInFlightRequests());
        if (rw.basicAuth().isConfigured()) {
            b.setBasicAuth(rw.basicAuth().username(), rw.basicAuth().password().reveal());
        }
        if (rw.bearerToken().isSet()) {
            b.setBearerToken(rw.bearerToken().reveal());
        }
        if (!rw.tls().caFile().isEmpty()) {
            b.setTlsCaFile(Path.of(rw.tls().caFile()));
        }
        if (rw.tls().hasClientCertificate()) {
            b.setTlsClientCertificate(Path.of(rw.tls().certFile()), Path.of(rw.tls().keyFile()));
        }
        b.setTlsInsecureSkipVerify(rw.tls().insecureSkipVerify());
        return b.build();
    }

    /** Larger fetches than Kafka's defaults (OTLP records are big, and replays read weeks at once); kafka.properties win. */
    private static Properties consumerProperties(KafkaConfig kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));
        p.putAll(kafka.properties());
        return p;
    }

    private static Properties clientProperties(KafkaConfig kafka) {
        Properties p = new Properties();
        p.putAll(kafka.properties());
        return p;
    }
}
