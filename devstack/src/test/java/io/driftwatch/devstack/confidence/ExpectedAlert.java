package io.driftwatch.devstack.confidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.devstack.loadgen.ConfidenceTruth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@code confidence_drift} alert of one group replayed from the README's rules over the independently
 * computed series ({@link ExpectedConfidenceSeries}, 24 h current window and the one-interval short window,
 * frozen baseline): drift-ratio level 0.1, resolve 0.8 × level, 100 inferences minimum; the short window's
 * level its {@code alert_threshold}. Fires when either window fires (named {@code current} when both do),
 * resolves when the current window is below its resolve level and the short one is too or has no verdict.
 *
 * @param firing the verdict series: evaluation time → 1 or 0
 * @param events {@code "<event time> <group> <state> <window>"} per transition
 */
record ExpectedAlert(NavigableMap<Long, Double> firing, List<String> events) {

    private static final String RATIO = "ml:confidence:drift_ratio";
    private static final String COUNT = "ml:confidence:current_count";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, ExpectedAlert> replay(ConfidenceTruth truth, Duration baseline, double z) {
        Map<String, ExpectedConfidenceSeries> current =
                ExpectedConfidenceSeries.compute(truth, Duration.ofHours(24).toMillis(), baseline.toMillis(), 3.0);
        Map<String, ExpectedConfidenceSeries> shortWindow =
                ExpectedConfidenceSeries.computeShort(truth, baseline.toMillis(), 0.1, z);
        Map<String, ExpectedAlert> out = new TreeMap<>();
        for (String group : current.keySet()) {
            Map<String, NavigableMap<Long, Double>> c = current.get(group).series;
            Map<String, NavigableMap<Long, Double>> s = shortWindow.get(group).series;
            NavigableMap<Long, Double> firing = new TreeMap<>();
            List<String> events = new ArrayList<>();
            boolean state = false;
            for (var e : c.getOrDefault(RATIO, new TreeMap<>()).entrySet()) {
                long t = e.getKey();
                String cv = verdict(e.getValue(), c.get(COUNT).get(t), 0.1);
                Double shortRatio = s.getOrDefault(RATIO, new TreeMap<>()).get(t);
                String sv = shortRatio == null
                        ? "none"
                        : verdict(
                                shortRatio,
                                s.get(COUNT).get(t),
                                s.get("ml:confidence:alert_threshold").get(t));
                if (!state && (cv.equals("fire") || sv.equals("fire"))) {
                    state = true;
                    events.add(Instant.ofEpochMilli(t) + " " + group + " firing "
                            + (cv.equals("fire") ? "current" : "short"));
                } else if (state && cv.equals("resolve") && (sv.equals("resolve") || sv.equals("none"))) {
                    state = false;
                    events.add(Instant.ofEpochMilli(t) + " " + group + " resolved current");
                }
                firing.put(t, state ? 1.0 : 0.0);
            }
            out.put(group, new ExpectedAlert(firing, events));
        }
        return out;
    }

    private static String verdict(double ratio, double count, double level) {
        if (count < 100) {
            return "none";
        }
        return ratio > level ? "fire" : ratio < 0.8 * level ? "resolve" : "hold";
    }

    /**
     * The committed {@code confidence_drift} events on {@code topic}, one per event id, as {@code "<event
     * time> <group> <state> <window>"}, sorted; reads until nothing new arrives for 5 s.
     */
    static List<String> eventsOnTopic(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "confidence-events-check-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, String> byId = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline
                    && System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    quietSince = System.nanoTime();
                    JsonNode e = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
                    if (!"confidence_drift".equals(e.path("type").asText())) {
                        continue;
                    }
                    JsonNode g = e.path("group");
                    String group = g.path("model_name").asText() + "/"
                            + g.path("model_version").asText() + "/"
                            + g.path("use_case").asText() + "/"
                            + g.path("environment").asText();
                    byId.put(
                            e.path("event_id").asText(),
                            Instant.parse(e.path("event_time").asText()) + " " + group + " "
                                    + e.path("state").asText() + " "
                                    + e.path("window").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(new TreeSet<>(byId.values()));
    }
}
