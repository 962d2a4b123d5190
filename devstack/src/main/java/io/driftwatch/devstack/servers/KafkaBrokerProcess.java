package io.driftwatch.devstack.servers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka 4.x broker in KRaft combined mode (broker and controller) in a JVM of
 * its own, so that tests can kill it with SIGKILL and restart it on the same log directory, as {@link
 * FlinkStandaloneCluster} does for Flink. {@link EmbeddedKafka} is the in-process broker the other tests
 * use.
 *
 * <p>{@link #start()} writes {@code server.properties} into a fresh folder, formats the log directory with
 * Kafka's storage tool (in this JVM, before the broker starts) and runs {@code kafka.Kafka} on this JVM's
 * classpath with loopback listeners on free ports; its log goes to {@code broker.log}. Optionally
 * ({@link Builder#saslScram}) the client listener accepts only SASL_SSL with SCRAM-SHA-512: a self-signed
 * certificate made at start ({@link SelfSignedTls}), SCRAM credentials written by the formatter, ACLs
 * enforced by {@code StandardAuthorizer} with {@value #ADMIN} as the only super user beside the broker
 * itself; its controller listener takes TLS with client certificates only.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** The super user of a secured broker, whose credentials {@link #adminProperties()} carries. */
    public static final String ADMIN = "admin";

    private final Path dir;
    private final Path logFile;
    private final List<String> command;
    private final int port;
    private final Map<String, String> adminProperties;
    private final SelfSignedTls tls;
    private Process process;

    private KafkaBrokerProcess(
            Path dir, List<String> command, int port, Map<String, String> adminProperties, SelfSignedTls tls) {
        this.dir = dir;
        this.logFile = dir.resolve("broker.log");
        this.command = command;
        this.port = port;
        this.adminProperties = adminProperties;
        this.tls = tls;
    }

    /** A plaintext broker. */
    public static KafkaBrokerProcess start() throws IOException {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code bootstrap.servers} value for clients; the same across restarts. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The folder holding the configuration, the certificates, the log directory and {@code broker.log}. */
    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return logFile;
    }

    /** The secured broker's certificate stores, or null for a plaintext broker. */
    public SelfSignedTls tls() {
        return tls;
    }

    /**
     * The client properties of user {@code user} with {@code password} on this broker: {@code SASL_SSL},
     * SCRAM-SHA-512, trusting its certificate. Only for a {@linkplain Builder#saslScram secured} broker.
     */
    public Map<String, String> clientProperties(String user, String password) {
        if (tls == null) {
            throw new IllegalStateException("a plaintext broker takes no credentials");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", jaas(user, password));
        p.put("ssl.truststore.location", tls.truststore().toString());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.password", tls.password());
        return p;
    }

    /** The properties of a client with every right: {@value #ADMIN}'s on a secured broker (bootstrap servers included). */
    public Properties adminProperties() {
        Properties p = new Properties();
        p.putAll(adminProperties);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** A new admin client with {@link #adminProperties()}; the caller closes it. */
    public Admin admin() {
        return Admin.create(adminProperties());
    }

    /** Creates topics (idempotently) with {@code partitions} partitions, replication factor 1, kept forever. */
    public void createTopics(int partitions, String... topics) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            KafkaClients.createTopics(admin, partitions, topics);
        }
    }

    /** Every record of {@code topic} a {@code read_committed} consumer sees, in partition and offset order. */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        return KafkaClients.readCommitted(adminProperties(), topic);
    }

    /** Whether the broker's JVM is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the broker gets no chance to flush, close its logs or leave the quorum. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly(); // SIGKILL on Unix
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Starts the broker again on the same ports and log directory (after {@link #kill()}) and waits until it serves. */
    public synchronized void restart() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("the broker is running");
        }
        launch();
    }

    private synchronized void launch() throws IOException {
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("broker.out").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Properties p = adminProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the Kafka broker exited with " + process.exitValue() + "; " + logFile + ":\n"
                        + LocalFiles.tail(logFile, 40) + "\n" + LocalFiles.tail(dir.resolve("broker.out"), 20));
            }
            try (Admin admin = Admin.create(p)) {
                if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(Duration.ofMillis(300));
        }
        kill0();
        throw new IOException("the Kafka broker did not serve within 90 s (" + last + "); " + logFile + ":\n"
                + LocalFiles.tail(logFile, 40));
    }

    private void kill0() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Kafka broker", e);
        }
    }

    /** Stops the broker (SIGTERM, then SIGKILL) and deletes its folder. */
    @Override
    public synchronized void close() {
        try {
            if (process != null) {
                LocalProcesses.stop(process, Duration.ofSeconds(20));
                process = null;
            }
        } finally {
            LocalFiles.deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "KafkaBrokerProcess[" + bootstrapServers() + (tls == null ? "" : ", SASL_SSL") + ", " + dir + "]";
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** Settings of {@link KafkaBrokerProcess}. */
    public static final class Builder {
        private final Map<String, String> users = new LinkedHashMap<>();
        private boolean secured;
        private String heap = "1g";

        private Builder() {}

        /**
         * The client listener accepts only SASL_SSL with SCRAM-SHA-512, ACLs are enforced; {@code users}
         * (name to password) get SCRAM credentials and no ACL. {@value #ADMIN} is added as the super user.
         */
        public Builder saslScram(Map<String, String> users) {
            this.secured = true;
            this.users.putAll(users);
            return this;
        }

        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** Formats a fresh log directory and starts the broker; returns once it serves. */
        public KafkaBrokerProcess start() throws IOException {
            Path dir = Files.createTempDirectory("driftwatch-kafka-process-");
            try {
                return start(dir);
            } catch (IOException | RuntimeException e) {
                LocalFiles.deleteRecursively(dir);
                throw e;
            }
        }

        private KafkaBrokerProcess start(Path dir) throws IOException {
            int port = LocalProcesses.freeLoopbackPort();
            int controllerPort = LocalProcesses.freeLoopbackPort();
            Path logDir = Files.createDirectories(dir.resolve("kafka-logs"));
            Properties server = new Properties();
            server.put("process.roles", "broker,controller");
            server.put("node.id", "1");
            server.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            server.put("controller.listener.names", "CONTROLLER");
            server.put("log.dirs", logDir.toString());
            server.put("num.partitions", "1");
            server.put("offsets.topic.replication.factor", "1");
            server.put("offsets.topic.num.partitions", "4");
            server.put("transaction.state.log.replication.factor", "1");
            server.put("transaction.state.log.min.isr", "1");
            server.put("transaction.state.log.num.partitions", "4");
            server.put("share.coordinator.state.topic.replication.factor", "1");
            server.put("share.coordinator.state.topic.min.isr", "1");
            server.put("group.initial.rebalance.delay.ms", "0");
            // Replays write records with event-time timestamps weeks in the past: never delete them.
            server.put("log.retention.ms", "-1");
            server.put("log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));
            server.put("auto.create.topics.enable", "false");
            Map<String, String> admin = new LinkedHashMap<>();
            SelfSignedTls tls = null;
            List<String> format = new ArrayList<>(List.of(
                    "format",
                    "--cluster-id",
                    Uuid.randomUuid().toString(),
                    "--config",
                    dir.resolve("server.properties").toString()));
            if (secured) {
                tls = SelfSignedTls.create(dir, "driftwatch-test-broker");
                String adminPassword = UUID.randomUUID().toString();
                server.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
                server.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
                server.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
                server.put("inter.broker.listener.name", "SASL_SSL");
                server.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
                server.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
                server.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN, adminPassword));
                // The controller listener: TLS with client certificates, so the broker is its only peer.
                server.put("listener.name.controller.ssl.client.auth", "required");
                server.put("ssl.keystore.location", tls.keystore().toString());
                server.put("ssl.keystore.type", "PKCS12");
                server.put("ssl.keystore.password", tls.password());
                server.put("ssl.key.password", tls.password());
                server.put("ssl.truststore.location", tls.truststore().toString());
                server.put("ssl.truststore.type", "PKCS12");
                server.put("ssl.truststore.password", tls.password());
                server.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
                server.put("allow.everyone.if.no.acl.found", "false");
                server.put("super.users", "User:" + ADMIN + ";User:" + tls.subject());
                Map<String, String> all = new LinkedHashMap<>(users);
                all.put(ADMIN, adminPassword);
                all.forEach((user, password) -> {
                    format.add("--add-scram");
                    format.add("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]");
                });
                KafkaBrokerProcess prototype = new KafkaBrokerProcess(dir, List.of(), port, Map.of(), tls);
                admin.putAll(prototype.clientProperties(ADMIN, adminPassword));
            } else {
                server.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
                server.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
                server.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
                server.put("inter.broker.listener.name", "PLAINTEXT");
            }
            try (OutputStream out = Files.newOutputStream(dir.resolve("server.properties"))) {
                server.store(out, "written by " + KafkaBrokerProcess.class.getName());
            }
            format(format, dir);
            Path log4j = dir.resolve("log4j2.properties");
            Files.writeString(
                    log4j, LOG4J.replace("LOGFILE", dir.resolve("broker.log").toString()));
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap,
                    "-XX:+UseSerialGC",
                    "-Dlog4j2.configurationFile=file:" + log4j,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "kafka.Kafka",
                    dir.resolve("server.properties").toString());
            KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, command, port, admin, tls);
            broker.launch();
            return broker;
        }

        /** Kafka's storage tool, in this JVM: it prints to the stream given, and exits only from its main. */
        private static void format(List<String> args, Path dir) throws IOException {
            try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("format.out")))) {
                int rc = kafka.tools.StorageTool$.MODULE$.execute(args.toArray(String[]::new), out);
                if (rc != 0) {
                    throw new IOException("formatting " + dir + " failed with " + rc);
                }
            } catch (RuntimeException e) {
                throw new IOException("formatting " + dir + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static final String LOG4J = String.join(
            "\n",
            "appender.file.type = File",
            "appender.file.name = FILE",
            "appender.file.fileName = LOGFILE",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{ISO8601} %-5p [%t] %c - %m%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = FILE",
            "");
}
