package io.driftwatch.jobs.pipeline;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.events.EventRecordSerializationSchema;
import io.driftwatch.connectors.remotewrite.KafkaDeadLetterFailureHandler;
import io.driftwatch.connectors.remotewrite.PrometheusRemoteWriteSink;
import io.driftwatch.connectors.remotewrite.PrometheusRemoteWriteSinkBuilder;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.KafkaConfig;
import io.driftwatch.jobs.config.RemoteWriteConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The sinks every Driftwatch job writes to, built from its configuration. */
public final class Sinks {

    /**
     * Kafka's default broker limit ({@code transaction.max.timeout.ms}); KafkaSink would otherwise ask for
     * one hour and be refused by a broker with default settings.
     */
    static final String DEFAULT_TRANSACTION_TIMEOUT_MS = Integer.toString(15 * 60 * 1000);

    private Sinks() {}

    /** Prometheus remote write to {@code remote-write.url}; rejected batches to its dead-letter topic. */
    public static PrometheusRemoteWriteSink remoteWrite(DriftwatchConfig config) {
        RemoteWriteConfig rw = config.remoteWrite();
        PrometheusRemoteWriteSinkBuilder b = PrometheusRemoteWriteSink.builder()
                .setEndpoint(rw.url().toString())
                .setExtraLabels(rw.extraLabels())
                .setRequestTimeout(rw.timeout())
                .setRetryBackoff(rw.retryInitialBackoff(), rw.retryMaxBackoff())
                .setMaxRetryDuration(rw.maxRetryDuration())
                .setFailureHandler(remoteWriteDeadLetters(config));
        b.setMaxBatchSize(rw.maxBatchSamples());
        b.setMaxBatchSizeInBytes(rw.maxBatchBytes());
        b.setMaxInFlightRequests(rw.maxInFlightRequests());
        b.setMaxBufferedRequests(rw.maxBufferedSamples());
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
            b.setTlsClientCertificate(
                    Path.of(rw.tls().certFile()), Path.of(rw.tls().keyFile()));
        }
        b.setTlsInsecureSkipVerify(rw.tls().insecureSkipVerify());
        return b.build();
    }

    /**
     * Rejected remote-write batches to {@code remote-write.dead-letter-topic}, with the same {@code
     * kafka.properties} (security, TLS) as every other Kafka client of the job.
     */
    static KafkaDeadLetterFailureHandler remoteWriteDeadLetters(DriftwatchConfig config) {
        KafkaDeadLetterFailureHandler.Builder b = KafkaDeadLetterFailureHandler.builder(
                config.kafka().bootstrapServers(), config.remoteWrite().deadLetterTopic());
        config.kafka().properties().forEach(b::setProducerProperty);
        return b.build();
    }

    /** Undecodable or rejected input records to {@code kafka.dead-letter-topic}, at least once. */
    public static KafkaSink<DeadLetter> deadLetters(DriftwatchConfig config) {
        KafkaConfig kafka = config.kafka();
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(clientProperties(kafka))
                .setRecordSerializer(new DeadLetterSerializationSchema(kafka.deadLetterTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /**
     * Events to {@code output.events-topic}, exactly once: Kafka transactions committed with each
     * checkpoint, so {@code read_committed} consumers see every event once, after the checkpoint that
     * covers it. The transaction timeout defaults to 15 minutes, the broker's default maximum; set {@code
     * kafka.properties."transaction.timeout.ms"} to change it (it must exceed the checkpoint interval).
     */
    public static KafkaSink<EventRecord> events(DriftwatchConfig config) {
        KafkaConfig kafka = config.kafka();
        Properties p = new Properties();
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, DEFAULT_TRANSACTION_TIMEOUT_MS);
        p.putAll(kafka.properties());
        return KafkaSink.<EventRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(p)
                .setRecordSerializer(
                        new EventRecordSerializationSchema(config.output().eventsTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                // One prefix per job name, so two Driftwatch jobs on one cluster never fence each other.
                .setTransactionalIdPrefix(config.jobName() + "-events")
                .build();
    }

    static Properties clientProperties(KafkaConfig kafka) {
        Properties p = new Properties();
        p.putAll(kafka.properties());
        return p;
    }
}
