package io.driftwatch.devstack.catalog;

import io.driftwatch.cost.catalog.CatalogDocument;
import io.driftwatch.cost.catalog.CatalogException;
import io.driftwatch.cost.catalog.CatalogProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a price catalog document to the job's catalog topic ({@code cost.catalog-topic}) after
 * validating it as the job will.
 *
 * <p>Every document has the record key {@value #KEY}: one catalog per deployment, so compaction keeps
 * the newest document only, and all of them go to one partition, in the order they were published.
 */
public final class CatalogPublisher {

    /** The record key of every catalog document. */
    public static final String KEY = "catalog";

    /** Where a published document went. */
    public record Published(String version, String topic, int partition, long offset) {}

    private CatalogPublisher() {}

    /**
     * Validates {@code text} ({@link CatalogDocument#parse}) and, when {@code currency} is not null,
     * that the catalog is in that currency.
     *
     * @throws CatalogException with every problem, each with {@code source}, line and key
     */
    public static CatalogDocument validate(String text, String source, String currency) throws CatalogException {
        CatalogDocument d = CatalogDocument.parse(text, source);
        String code = d.catalog().currency().getCurrencyCode();
        if (currency != null && !code.equals(currency)) {
            throw new CatalogException(List.of(new CatalogProblem(
                    source,
                    0,
                    "currency",
                    "the catalog is in " + code + " but cost.currency is " + currency
                            + ": the job refuses it (one currency per deployment)")));
        }
        return d;
    }

    /**
     * Sends a validated document with {@link #KEY} and waits for the broker's acknowledgement (all
     * in-sync replicas, idempotent).
     *
     * @param clientProperties {@code kafka.properties} of the job's configuration (security, TLS)
     */
    public static Published publish(
            CatalogDocument document, String bootstrapServers, String topic, Map<String, String> clientProperties)
            throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordMetadata m = producer.send(new ProducerRecord<>(
                            topic,
                            KEY.getBytes(StandardCharsets.UTF_8),
                            document.text().getBytes(StandardCharsets.UTF_8)))
                    .get();
            return new Published(document.version(), m.topic(), m.partition(), m.offset());
        }
    }
}
