package io.driftwatch.jobs.pipeline;

import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.InputTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
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
        if (drift || config.cost().enabled()) {
            topics.putIfAbsent(config.output().eventsTopic(), "output.events-topic, written");
        }
        if (config.cost().enabled() && config.cost().catalogUpdates()) {
            topics.putIfAbsent(config.cost().catalogTopic(), "cost.catalog-topic, read");
        }
        return topics;
    }

    /**
     * Checks that every {@linkplain #required required} topic exists on {@code kafka.bootstrap-servers}.
     *
     * @throws IllegalStateException naming every missing or undescribable topic and its key, or the
     *     unreachable brokers
     */
    public static void check(DriftwatchConfig config, Duration timeout) {
        Map<String, String> required = required(config);
        String servers = config.kafka().bootstrapServers();
        Properties p = new Properties();
        p.putAll(config.kafka().properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        List<String> problems = new ArrayList<>();
        try (Admin admin = Admin.create(p)) {
            Map<String, KafkaFuture<TopicDescription>> described =
                    admin.describeTopics(required.keySet()).topicNameValues();
            for (String topic : required.keySet()) {
                try {
                    described.get(topic).get(millis, TimeUnit.MILLISECONDS);
                } catch (ExecutionException ex) {
                    if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                        problems.add("  " + topic + " (" + required.get(topic) + "): does not exist");
                    } else if (ex.getCause() instanceof TopicAuthorizationException) {
                        problems.add("  " + topic + " (" + required.get(topic) + "): not authorised to describe it");
                    } else {
                        throw unreachable(servers, ex.getCause());
                    }
                } catch (TimeoutException ex) {
                    throw unreachable(servers, ex);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("driftwatch: interrupted while checking the Kafka topics", e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "driftwatch: Kafka at " + servers + " (kafka.bootstrap-servers) lacks topics this job needs:\n"
                            + String.join("\n", problems) + "\n"
                            + "Create them (kafka-topics.sh --bootstrap-server " + servers
                            + " --create --topic NAME), point the keys"
                            + " at existing topics, or set kafka.check-topics=false to skip this check.");
        }
    }

    private static IllegalStateException unreachable(String servers, Throwable cause) {
        return new IllegalStateException(
                "driftwatch: cannot check the Kafka topics at " + servers + " (kafka.bootstrap-servers): "
                        + (cause.getMessage() == null ? cause.toString() : cause.getMessage()),
                cause);
    }
}
