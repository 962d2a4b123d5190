package io.driftwatch.jobs.local;

import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.loadgen.LoadScenario;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** The demo's closing report: what the job wrote to VictoriaMetrics, per model group, and where to look. */
final class DemoReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    private DemoReport() {}

    static void print(PrintStream out, VictoriaMetricsServer vm, EmbeddedKafka kafka, LoadScenario scenario,
            DriftwatchConfig config) throws Exception {
        String p = config.output().metricPrefix() + "ml:confidence:";
        double threshold = config.confidence().driftRatioThreshold();
        Map<String, Map<String, List<PromPoint>>> groups = new TreeMap<>();
        for (PromSeries s : vm.exportSeries("{__name__=~\"" + p.replace(":", "[:]") + ".*\"}")) {
            String group = s.label("model_name") + " " + s.label("model_version") + " " + s.label("use_case") + " "
                    + s.label("environment");
            groups.computeIfAbsent(group, g -> new TreeMap<>()).put(s.label("__name__").substring(p.length()), s.points());
        }
        out.printf("  %-50s %9s %9s %9s %9s  %s%n", "model_name model_version use_case environment",
                "baseline", "current", "low<=" + config.confidence().lowThreshold(), "drift", "first drift ratio > " + threshold);
        int samples = 0;
        for (var g : groups.entrySet()) {
            Map<String, List<PromPoint>> m = g.getValue();
            samples += m.values().stream().mapToInt(List::size).sum();
            String firstDrift = "never";
            for (PromPoint pt : m.getOrDefault("drift_ratio", List.of())) {
                if (pt.value() > threshold) {
                    firstDrift = TIME.format(Instant.ofEpochMilli(pt.timestampMs()));
                    break;
                }
            }
            long end = scenario.end().toEpochMilli();
            out.printf("  %-50s %9s %9s %9s %9s  %s%n", g.getKey(), at(m, "baseline_avg", end), at(m, "current_avg", end),
                    at(m, "low_ratio", end), at(m, "drift_ratio", end), firstDrift);
        }
        if (groups.values().stream().anyMatch(m -> !m.containsKey("baseline_avg"))) {
            out.printf("  -: no baseline yet; the %s baseline needs %s of data (replay more with --days)%n",
                    config.confidence().baseline().mode().name().toLowerCase(),
                    io.driftwatch.jobs.config.Durations.format(config.confidence().baseline().period()));
        }
        out.printf("  %,d samples in %d series groups; values as of the end of the replay (%s), over the last %s%n",
                samples, groups.size(), TIME.format(scenario.end()),
                io.driftwatch.jobs.config.Durations.format(config.confidence().currentWindow()));
        out.printf("  dead-lettered input records: %d (topic %s)%n", endOffset(kafka, config.kafka().deadLetterTopic()),
                config.kafka().deadLetterTopic());
        out.println();
        long from = scenario.start().getEpochSecond();
        long to = scenario.end().getEpochSecond() + 86_400;
        out.println("Look further (VictoriaMetrics' Prometheus API; in Grafana, add " + vm.baseUrl()
                + " as a Prometheus data source):");
        out.println("  which models drift   curl -s '" + vm.baseUrl() + "/api/v1/query' --data-urlencode 'query="
                + p + "drift_ratio > " + threshold + "' -d time=" + scenario.end().getEpochSecond());
        out.println("  below the adaptive threshold   curl -s '" + vm.baseUrl() + "/api/v1/query' --data-urlencode 'query="
                + p + "current_avg < " + p + "adaptive_threshold' -d time=" + scenario.end().getEpochSecond());
        out.println("  hourly drift ratio   curl -s '" + vm.baseUrl() + "/api/v1/query_range' --data-urlencode 'query="
                + p + "drift_ratio' -d start=" + from + " -d end=" + to + " -d step=1h");
        out.println("  every raw sample     curl -s '" + vm.baseUrl() + "/api/v1/export' --data-urlencode 'match[]={__name__=~\""
                + p + ".*\"}'");
    }

    /** The value at {@code t}, or the last one before it; "-" when there is none. */
    private static String at(Map<String, List<PromPoint>> m, String metric, long t) {
        String v = "-";
        for (PromPoint pt : m.getOrDefault(metric, List.of())) {
            if (pt.timestampMs() > t) {
                break;
            }
            v = String.format("%.4f", pt.value());
        }
        return v;
    }

    private static long endOffset(EmbeddedKafka kafka, String topic) throws IOException {
        try (Admin admin = kafka.admin()) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
            partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long total = 0;
            for (var info : admin.listOffsets(request).all().get().values()) {
                total += info.offset();
            }
            return total;
        } catch (Exception e) {
            throw new IOException("could not read the end offsets of " + topic, e);
        }
    }
}
