package io.driftwatch.devstack.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.devstack.servers.KafkaBrokerProcess;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.jobs.DriftwatchJob;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job end to end against a real broker in its own JVM that accepts only SASL_SSL with SCRAM-SHA-512
 * and enforces ACLs ({@link KafkaBrokerProcess}): every Kafka client of the job (the metrics and span
 * sources, the events sink, both dead-letter producers, the start-up topic check) must carry {@code
 * kafka.properties}, or the run fails. VictoriaMetrics refuses every request ({@code
 * -maxInsertRequestSize=64}), so every sample the analyses make reaches the remote-write dead-letter
 * topic. The job is started by {@link DriftwatchJob#main} with secrets whose values are known; afterwards
 * none of them may appear in the log, Flink's REST API, the events or the dead letters (values and
 * headers). A wrong password and missing ACLs fail start-up with a message naming the broker and the
 * principal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredKafkaITCase {

    static final String USER = "driftwatch";
    static final String JOB = "secured-e2e";
    static final String GROUP = "secured-e2e";
    static final String DEAD_LETTERS = "driftwatch.dead-letters";
    static final String RW_DEAD_LETTERS = "driftwatch.remote-write.dead-letters";
    static final String EVENTS = "ml.drift.events";
    static final Path TEST_LOG = Path.of("target", "test.log");

    static final String KAFKA_PASSWORD = "kafka-pw-" + UUID.randomUUID();
    static final String STRANGER_PASSWORD = "stranger-pw-" + UUID.randomUUID();
    static final String READER_PASSWORD = "reader-pw-" + UUID.randomUUID();
    static final String REMOTE_WRITE_PASSWORD = "rw-pw-" + UUID.randomUUID();
    static final String BEARER_TOKEN = "rw-token-" + UUID.randomUUID();

    @TempDir
    static Path tmp;

    static MiniCluster flink;
    static KafkaBrokerProcess broker;
    static VictoriaMetricsServer vm;
    static ScenarioReplay replay;
    static List<ConsumerRecord<byte[], byte[]>> events;
    static List<ConsumerRecord<byte[], byte[]>> deadLetters;
    static List<ConsumerRecord<byte[], byte[]>> rejectedSamples;
    static final Map<String, String> rest = new LinkedHashMap<>();

    @BeforeAll
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    static void runTheJobOnTheSecuredBroker() throws Exception {
        broker = KafkaBrokerProcess.builder()
                .saslScram(Map.of(USER, KAFKA_PASSWORD, "stranger", STRANGER_PASSWORD, "reader", READER_PASSWORD))
                .start();
        replay = ScenarioReplay.write(broker, Duration.ofDays(4), Duration.ofDays(2));
        broker.createTopics(1, DEAD_LETTERS, RW_DEAD_LETTERS, EVENTS);
        List<String> read =
                List.of(ScenarioReplay.PROTO, ScenarioReplay.JSON, ScenarioReplay.SPANS, ScenarioReplay.SPANS_JSON);
        List<String> written = List.of(DEAD_LETTERS, RW_DEAD_LETTERS, EVENTS);
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : read) {
            acls.add(allow(USER, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow("reader", ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
        }
        for (String topic : written) {
            acls.add(allow(USER, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
            acls.add(allow(USER, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
            acls.add(allow("reader", ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        acls.add(allow(USER, ResourceType.GROUP, GROUP, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow("reader", ResourceType.GROUP, GROUP, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(USER, ResourceType.TRANSACTIONAL_ID, JOB + "-events", PatternType.PREFIXED, AclOperation.WRITE));
        acls.add(allow(
                USER, ResourceType.TRANSACTIONAL_ID, JOB + "-events", PatternType.PREFIXED, AclOperation.DESCRIBE));
        try (Admin admin = broker.admin()) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
        vm = VictoriaMetricsServer.builder()
                .extraFlags("-maxInsertRequestSize=64")
                .start();
        // A MiniCluster of its own with its REST API on a free port, the context of DriftwatchJob.main; it
        // outlives the job so that the REST API can be asked about it afterwards.
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
        flink.start();
        TestStreamEnvironment.setAsContext(flink, 2);

        DriftwatchJob.main(args(jobOverrides(
                KAFKA_PASSWORD,
                USER,
                "remote-write.basic-auth.username=driftwatch",
                "remote-write.basic-auth.password=" + REMOTE_WRITE_PASSWORD)));

        events = broker.readCommitted(EVENTS);
        deadLetters = broker.readCommitted(DEAD_LETTERS);
        rejectedSamples = broker.readCommitted(RW_DEAD_LETTERS);
        collectRestResponses();
    }

    static List<String> jobOverrides(String password, String user, String... more) {
        Map<String, String> kafka = broker.clientProperties(user, password);
        List<String> o = new ArrayList<>();
        kafka.forEach((k, v) -> o.add("kafka.properties." + k + "=" + v));
        o.addAll(List.of(
                "job-name=" + JOB,
                "kafka.group-id=" + GROUP,
                "flink.checkpoint-dir=" + tmp.resolve("checkpoints").toUri()));
        o.addAll(List.of(more));
        return replay.overrides(broker.bootstrapServers(), vm.writeUrl().toString(), true, o.toArray(String[]::new));
    }

    static String[] args(List<String> overrides) {
        List<String> args = new ArrayList<>();
        for (String o : overrides) {
            args.add("--set");
            args.add(o);
        }
        return args.toArray(String[]::new);
    }

    static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }

    /** Every REST resource about the cluster and the finished job that the web UI shows. */
    static void collectRestResponses() throws Exception {
        URI base = flink.getRestAddress().get(30, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        get(http, base, "/config");
        get(http, base, "/jobmanager/config");
        get(http, base, "/jobmanager/environment");
        for (JsonNode job : json.readTree(get(http, base, "/jobs/overview")).get("jobs")) {
            String id = job.get("jid").asText();
            String detail = get(http, base, "/jobs/" + id);
            for (String sub : List.of(
                    "/config",
                    "/plan",
                    "/jobmanager/config",
                    "/jobmanager/environment",
                    "/exceptions",
                    "/checkpoints",
                    "/checkpoints/config",
                    "/accumulators")) {
                get(http, base, "/jobs/" + id + sub);
            }
            for (JsonNode vertex : json.readTree(detail).get("vertices")) {
                get(http, base, "/jobs/" + id + "/vertices/" + vertex.get("id").asText());
            }
        }
    }

    static String get(HttpClient http, URI base, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        rest.put(path, r.statusCode() + " " + r.body());
        return r.body();
    }

    @AfterAll
    static void stop() throws Exception {
        TestStreamEnvironment.unsetAsContext();
        try {
            if (flink != null) {
                flink.close();
            }
            if (vm != null) {
                vm.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    static Set<String> secrets() {
        return Set.of(
                KAFKA_PASSWORD,
                STRANGER_PASSWORD,
                READER_PASSWORD,
                REMOTE_WRITE_PASSWORD,
                BEARER_TOKEN,
                broker.tls().password());
    }

    // ---- end to end

    @Test
    void everyOutputOfTheJobReachedTheSecuredBroker() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Set<String> types = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : events) {
            types.add(json.readTree(r.value()).get("type").asText());
        }
        assertTrue(types.contains("cost_anomaly"), "events written by the transactional sink: " + types);

        assertEquals(1, deadLetters.size(), "the malformed record, dead-lettered by the input's KafkaSink");
        assertEquals("garbage", new String(deadLetters.get(0).key(), StandardCharsets.UTF_8));

        Set<String> analyses = new TreeSet<>();
        long samples = 0;
        for (ConsumerRecord<byte[], byte[]> r : rejectedSamples) {
            JsonNode doc = json.readTree(r.value());
            assertEquals(400, doc.get("status").asInt(), doc.toString());
            for (JsonNode sample : doc.get("samples")) {
                String name = sample.get("labels").get("__name__").asText();
                analyses.add(
                        name.startsWith("ml:confidence:") || name.startsWith("ml_confidence_")
                                ? "confidence"
                                : name.startsWith("ml_feature_drift_") || name.equals("ml_driftwatch_event")
                                        ? "drift"
                                        : name.startsWith("ml:cost:") ? "cost" : name);
                samples++;
            }
        }
        assertEquals(Set.of("confidence", "cost", "drift"), analyses, "every analysis' refused samples");
        System.out.printf(
                "SECURED %d events, %d dead letters, %,d refused samples in %d dead-letter documents%n",
                events.size(), deadLetters.size(), samples, rejectedSamples.size());
        assertTrue(samples > 1000, samples + " samples");
    }

    // ---- start-up failures

    @Test
    void aWrongPasswordFailsStartUpNamingTheBrokerAndThePrincipal() {
        String wrong = "wrong-" + KAFKA_PASSWORD;
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> DriftwatchJob.main(args(jobOverrides(wrong, USER, "remote-write.bearer-token=" + BEARER_TOKEN))));
        String m = e.getMessage();
        assertTrue(
                m.startsWith("driftwatch: Kafka at " + broker.bootstrapServers()
                        + " (kafka.bootstrap-servers) refused the login of principal User:driftwatch"
                        + " (SASL_SSL, SCRAM-SHA-512): "),
                m);
        assertTrue(m.contains("invalid credentials"), m);
        assertFalse(m.contains(wrong), m);
    }

    @Test
    void aUserWithoutAclsFailsStartUpWithEveryTopicAndTheGroupNamed() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> DriftwatchJob.main(args(jobOverrides(STRANGER_PASSWORD, "stranger"))));
        String m = e.getMessage();
        assertTrue(
                m.startsWith("driftwatch: Kafka at " + broker.bootstrapServers()
                        + " (kafka.bootstrap-servers) does not allow principal User:stranger (SASL_SSL, SCRAM-SHA-512)"
                        + " what this job needs:\n"),
                m);
        assertTrue(m.contains("  topic otlp_metrics (kafka.inputs[0].topic, read): no DESCRIBE permission\n"), m);
        assertTrue(
                m.contains("  topic otlp_spans_json (drift.spans.inputs[1].topic, read): no DESCRIBE permission\n"), m);
        assertTrue(m.contains("  topic ml.drift.events (output.events-topic, written): no DESCRIBE permission\n"), m);
        assertTrue(m.contains("  consumer group secured-e2e (kafka.group-id): no DESCRIBE permission\n"), m);
        assertTrue(m.contains("--allow-principal User:stranger"), m);
        assertFalse(m.contains("does not exist"), m);
    }

    @Test
    void aUserThatMayOnlyReadFailsStartUpNamingTheTopicsItCannotWrite() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> DriftwatchJob.main(args(jobOverrides(READER_PASSWORD, "reader"))));
        String m = e.getMessage();
        assertTrue(m.contains("does not allow principal User:reader (SASL_SSL, SCRAM-SHA-512)"), m);
        List<String> lines = m.lines().filter(l -> l.startsWith("  ")).toList();
        assertEquals(
                List.of(
                        "  topic driftwatch.dead-letters (kafka.dead-letter-topic, written): no WRITE permission",
                        "  topic driftwatch.remote-write.dead-letters (remote-write.dead-letter-topic, written): no WRITE"
                                + " permission",
                        "  topic ml.drift.events (output.events-topic, written): no WRITE permission"),
                lines);
    }

    // ---- secrets

    /** Last: after the start-up failures, whose configurations (the bearer token) were logged too. */
    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretInTheLogTheRestApiTheEventsOrTheDeadLetters() throws Exception {
        String log = Files.readString(TEST_LOG);
        assertTrue(log.contains("Driftwatch configuration:"), "the job's log is " + TEST_LOG);
        assertTrue(log.contains("bearer-token: '***'"), "the start-up failures' configurations were logged");
        assertTrue(rest.values().stream().anyMatch(body -> body.contains(JOB)), "REST answers about the job: " + rest);
        Map<String, String> places = new LinkedHashMap<>();
        places.put(TEST_LOG.toString(), log);
        rest.forEach((path, body) -> places.put("REST " + path, body));
        for (var topic : Map.of(EVENTS, events, DEAD_LETTERS, deadLetters, RW_DEAD_LETTERS, rejectedSamples)
                .entrySet()) {
            StringBuilder text = new StringBuilder();
            for (ConsumerRecord<byte[], byte[]> r : topic.getValue()) {
                for (Header h : r.headers()) {
                    text.append(h.key())
                            .append('=')
                            .append(new String(h.value(), StandardCharsets.UTF_8))
                            .append('\n');
                }
                text.append(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8))
                        .append('\n');
                text.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
            }
            places.put("topic " + topic.getKey(), text.toString());
        }
        List<String> leaks = new ArrayList<>();
        for (var place : places.entrySet()) {
            for (String secret : secrets()) {
                if (place.getValue().contains(secret)) {
                    int at = place.getValue().indexOf(secret);
                    leaks.add(place.getKey() + ": …" + place.getValue().substring(Math.max(0, at - 200), at)
                            + "[SECRET]");
                }
            }
        }
        assertEquals(List.of(), leaks, "secrets found");
        System.out.printf(
                "SECRETS none in %d places (%,d chars of log, %d REST resources)%n",
                places.size(), log.length(), rest.size());
    }
}
