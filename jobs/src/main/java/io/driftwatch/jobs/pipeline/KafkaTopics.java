package io.driftwatch.jobs.pipeline;

import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.InputTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The start-up check of the Kafka topics a job reads and writes. Without it, a missing topic shows
 * only as endless metadata warnings of a producer that never delivers (brokers commonly run with
 * {@code auto.create.topics.enable=false}); with it, the job does not start and the message names
 * every missing topic and the key that configures it.
 */
public final class KafkaTopics {

    private KafkaTopics() {}

    /** Every topic the job built from {@code config} reads or writes, each with the key that names it. */
    public static Map<String, String> required(DriftwatchConfig config) {
        Map<String, String> topics = new LinkedHashMap<>();
        List<InputTopic> inputs = config.kafka().inputs();
        for (int i = 0; i < inputs.size(); i++) {
            topics.putIfAbsent(inputs.get(i).topic(), "kafka.inputs[" + i + "].topic, read");
        }
        boolean drift = config.drift().enabled();
        if (drift && config.drift().spans().enabled()) {
            List<InputTopic> spans = config.drift().spans().inputs();
            for (int i = 0; i < spans.size(); i++) {
                topics.putIfAbsent(spans.get(i).topic(), "drift.spans.inputs[" + i + "].topic, read");
            }
        }
        topics.putIfAbsent(config.kafka().deadLetterTopic(), "kafka.dead-letter-topic, written");
        boolean anySeries =
                config.confidence().enabled() || drift || config.cost().enabled();
        if (anySeries) {
            topics.putIfAbsent(config.remoteWrite().deadLetterTopic(), "remote-write.dead-letter-topic, written");
        }
        if (anySeries && !config.cost().reprice().active()) {
            topics.putIfAbsent(config.output().eventsTopic(), "output.events-topic, written");
        }
        if (drift && config.drift().reference().enabled()) {
            topics.putIfAbsent(config.drift().reference().topic(), "drift.reference-topic, read");
        }
        if (config.cost().enabled() && config.cost().catalogUpdates()) {
            topics.putIfAbsent(config.cost().catalogTopic(), "cost.catalog-topic, read");
        }
        return topics;
    }

    /**
     * Checks that every {@linkplain #required required} topic exists on {@code kafka.bootstrap-servers} and
     * that the job's principal may read the topics it reads and write those it writes (where the broker
     * reports authorised operations), and may read its consumer group.
     *
     * @throws IllegalStateException naming every missing or forbidden topic with its key, or the brokers
     *     that refused the job's credentials or cannot be reached; with the principal ({@code User:NAME})
     *     where the broker authenticates one, never a password
     */
    public static void check(DriftwatchConfig config, Duration timeout) {
        Map<String, String> required = required(config);
        String servers = config.kafka().bootstrapServers();
        KafkaIdentity identity = KafkaIdentity.of(config.kafka().properties());
        Properties p = new Properties();
        p.putAll(config.kafka().properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        List<String> missing = new ArrayList<>();
        List<String> forbidden = new ArrayList<>();
        try (Admin admin = Admin.create(p)) {
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(
                            required.keySet(), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                    .topicNameValues();
            for (String topic : required.keySet()) {
                String use = required.get(topic);
                try {
                    TopicDescription d = described.get(topic).get(millis, TimeUnit.MILLISECONDS);
                    AclOperation needed = use.endsWith(", read") ? AclOperation.READ : AclOperation.WRITE;
                    if (lacks(d.authorizedOperations(), needed)) {
                        forbidden.add("  topic " + topic + " (" + use + "): no " + needed + " permission");
                    }
                } catch (ExecutionException ex) {
                    if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                        missing.add("  " + topic + " (" + use + "): does not exist");
                    } else if (ex.getCause() instanceof TopicAuthorizationException) {
                        forbidden.add("  topic " + topic + " (" + use + "): no DESCRIBE permission");
                    } else {
                        throw failure(servers, identity, ex.getCause());
                    }
                } catch (TimeoutException ex) {
                    throw failure(servers, identity, ex);
                }
            }
            String group = config.kafka().groupId();
            try {
                ConsumerGroupDescription g = admin.describeConsumerGroups(
                                List.of(group), new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
                        .describedGroups()
                        .get(group)
                        .get(millis, TimeUnit.MILLISECONDS);
                if (lacks(g.authorizedOperations(), AclOperation.READ)) {
                    forbidden.add("  consumer group " + group + " (kafka.group-id): no READ permission");
                }
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof GroupAuthorizationException) {
                    forbidden.add("  consumer group " + group + " (kafka.group-id): no DESCRIBE permission");
                } else if (!(ex.getCause() instanceof GroupIdNotFoundException)) {
                    throw failure(servers, identity, ex.getCause());
                }
            } catch (TimeoutException ex) {
                throw failure(servers, identity, ex);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("driftwatch: interrupted while checking the Kafka topics", e);
        }
        List<String> paragraphs = new ArrayList<>();
        if (!missing.isEmpty()) {
            paragraphs.add(
                    "driftwatch: Kafka at " + servers + " (kafka.bootstrap-servers) lacks topics this job needs:\n"
                            + String.join("\n", missing) + "\n"
                            + "Create them (kafka-topics.sh --bootstrap-server " + servers
                            + " --create --topic NAME), point the keys"
                            + " at existing topics, or set kafka.check-topics=false to skip this check.");
        }
        if (!forbidden.isEmpty()) {
            paragraphs.add("driftwatch: Kafka at " + servers + " (kafka.bootstrap-servers) does not allow "
                    + identity.describe() + " what this job needs:\n"
                    + String.join("\n", forbidden) + "\n"
                    + "Grant them with ACLs (kafka-acls.sh --bootstrap-server " + servers + " --add --allow-principal "
                    + (identity.user() == null ? "PRINCIPAL" : identity.principal())
                    + " --operation OPERATION --topic NAME | --group NAME), see the README's \"Secured Kafka\".");
        }
        if (!paragraphs.isEmpty()) {
            throw new IllegalStateException(String.join("\n", paragraphs));
        }
    }

    /** Whether the broker reported the operations allowed (null: it did not) and {@code needed} is not among them. */
    private static boolean lacks(Set<AclOperation> allowed, AclOperation needed) {
        return allowed != null
                && !allowed.isEmpty()
                && !allowed.contains(needed)
                && !allowed.contains(AclOperation.ALL);
    }

    private static IllegalStateException failure(String servers, KafkaIdentity identity, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (cause instanceof SaslAuthenticationException) {
            return new IllegalStateException(
                    "driftwatch: Kafka at " + servers + " (kafka.bootstrap-servers) refused the login of "
                            + identity.describe() + ": " + reason
                            + "\nCheck the user name and password in kafka.properties.\"sasl.jaas.config\""
                            + " and kafka.properties.\"sasl.mechanism\".",
                    cause);
        }
        if (cause instanceof AuthenticationException) {
            return new IllegalStateException(
                    "driftwatch: cannot authenticate to Kafka at " + servers + " (kafka.bootstrap-servers) as "
                            + identity.describe() + ": " + reason
                            + "\nCheck kafka.properties (security.protocol, ssl.truststore.*, sasl.*).",
                    cause);
        }
        return new IllegalStateException(
                "driftwatch: cannot check the Kafka topics at " + servers + " (kafka.bootstrap-servers) as "
                        + identity.describe() + ": " + reason,
                cause);
    }
}
