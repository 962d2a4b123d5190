package io.driftwatch.devstack.servers;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real, single-node Apache Kafka 4.x broker in KRaft mode (combined broker and controller),
 * started in this JVM with Kafka's own {@link KafkaClusterTestKit}.
 *
 * <p>Used by the local runner and the integration tests; it listens on a free loopback port and
 * keeps its logs in a temporary folder that {@link #close()} deletes. Internal topics use
 * replication factor 1 so that transactions (exactly-once sinks) work on one broker.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final Path baseDir;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path baseDir) {
        this.cluster = cluster;
        this.baseDir = baseDir;
    }

    /** Formats and starts a one-node cluster and waits until its broker is ready. */
    public static EmbeddedKafka start() throws Exception {
        Path baseDir = Files.createTempDirectory("driftwatch-kafka-");
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(baseDir)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "4")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))
                // Replays write records with event-time timestamps weeks in the past: never delete them.
                .setConfigProp("log.retention.ms", "-1")
                .setConfigProp("log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE))
                .setConfigProp("auto.create.topics.enable", "false")
                .setDeleteOnClose(true)
                .build();
        PrintStream stdout = System.out;
        try {
            // The storage formatter prints its bootstrap metadata on stdout: keep it out of the demo's output.
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            cluster.format();
            System.setOut(stdout);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            System.setOut(stdout);
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster, baseDir);
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates topics (idempotently) with the given partition count and replication factor 1. */
    public void createTopics(int partitions, String... topics) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            KafkaClients.createTopics(admin, partitions, topics);
        }
    }

    /**
     * Every record of {@code topic} that a {@code read_committed} consumer sees, from the beginning to the
     * end offsets at the time of the call, in partition and offset order: what the job has committed.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return KafkaClients.readCommitted(props, topic);
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            LocalFiles.deleteRecursively(baseDir);
        }
    }
}
