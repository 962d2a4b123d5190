package io.driftwatch.jobs.local;

import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.loadgen.ConfidenceScenario;
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

    static void print(PrintStream out, VictoriaMetricsServer vm, EmbeddedKafka kafka, ConfidenceScenario scenario,
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
            out.printf("  %-50s %9s %9s %9s %9s  %s%n", g.getKey(), last(m, "baseline_avg"), last(m, "current_avg"),
                    last(m, "low_ratio"), last(m, "drift_ratio"), firstDrift);
        }
        out.printf("  %,d samples in %d series groups; values are the last evaluation (%s)%n", samples, groups.size(),
                TIME.format(scenario.end()));
        out.printf("  dead-lettered input records: %d (topic %s)%n", endOffset(kafka, config.kafka().deadLetterTopic()),
                config.kafka().deadLetterTopic());
        out.println();
        out.println("Look further:");
        out.println("  VictoriaMetrics UI   " + vm.baseUrl() + "/vmui/");
        out.println("  drift ratio          " + LocalRunner.queryUrl(vm, p + "drift_ratio"));
        out.println("  current vs baseline  " + LocalRunner.queryUrl(vm, p + "current_avg or " + p + "baseline_avg or " + p + "adaptive_threshold"));
        out.println("  PromQL over HTTP     curl -s '" + vm.baseUrl() + "/api/v1/query?query=" + p + "drift_ratio%20%3E%20"
                + threshold + "&time=" + scenario.end().getEpochSecond() + "'");
        out.println("  raw samples          curl -s '" + vm.baseUrl() + "/api/v1/export' -d 'match[]={__name__=~\"ml:confidence:.*\"}'");
    }

    private static String last(Map<String, List<PromPoint>> m, String metric) {
        List<PromPoint> points = m.get(metric);
        return points == null || points.isEmpty() ? "-" : String.format("%.4f", points.get(points.size() - 1).value());
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
