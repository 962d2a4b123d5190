package io.driftwatch.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.cost.catalog.UseCase;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's closing report, read back from VictoriaMetrics (the series) and Kafka (the events, with
 * {@code read_committed}): which model versions' confidence drifted and when, which features drifted
 * (firing and resolved events), each use case's cost as of the end of the replay, the cost anomalies,
 * and where to look further.
 */
final class DemoReport {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the report found, for tests.
     *
     * @param confidenceDrifted "model_name model_version" of the groups whose drift ratio exceeded the threshold
     * @param featureDrifts "model_name/model_version/feature" of every feature that fired
     * @param costAnomalies the anomalies that fired, per use case
     * @param overBudget the use cases whose projected month-end cost exceeds their budget at the end
     * @param firstFirings per drift finding, its first firing: window and delay from the scenario's change
     */
    record Findings(
            Set<String> confidenceDrifted,
            Set<String> featureDrifts,
            Map<String, Set<String>> costAnomalies,
            Set<String> overBudget,
            List<FieldReportReplay.Table> fieldReport,
            List<FirstFirings.FirstFiring> firstFirings) {

        Findings withFieldReport(List<FieldReportReplay.Table> tables) {
            return new Findings(
                    confidenceDrifted, featureDrifts, costAnomalies, overBudget, List.copyOf(tables), firstFirings);
        }
    }

    private DemoReport() {}

    static Findings print(
            PrintStream out,
            VictoriaMetricsServer vm,
            EmbeddedKafka kafka,
            LoadScenario scenario,
            DriftwatchConfig config)
            throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                kafka.readCommitted(config.output().eventsTopic())) {
            events.add(JSON.readTree(r.value()));
        }
        out.println("Confidence (ml:confidence:*, per model group)");
        Set<String> confidence = confidence(out, vm, scenario, config);
        out.println("\nFeature drift (events on " + config.output().eventsTopic() + ", read_committed)");
        Set<String> features = featureDrift(out, events, config);
        List<FirstFirings.FirstFiring> firstFirings = FirstFirings.print(out, events, scenario);
        if (config.drift().enabled()) {
            DriftMargins.print(
                    out,
                    vm,
                    config.output().metricPrefix(),
                    features,
                    config.drift().policy().minSamples());
        }
        out.println("\nCost per use case (ml:cost:*, as of " + TIME.format(scenario.end()) + ", "
                + config.cost().currency() + ")");
        Set<String> overBudget = cost(out, vm, scenario, config);
        out.println("\nCost anomalies (events on " + config.output().eventsTopic() + ")");
        Map<String, Set<String>> anomalies = costAnomalies(out, events);
        out.printf(
                "%ndead-lettered input records: %d (topic %s)%n",
                endOffset(kafka, config.kafka().deadLetterTopic()),
                config.kafka().deadLetterTopic());
        lookFurther(out, vm, scenario, config);
        return new Findings(confidence, features, anomalies, overBudget, List.of(), firstFirings);
    }

    private static Set<String> confidence(
            PrintStream out, VictoriaMetricsServer vm, LoadScenario scenario, DriftwatchConfig config)
            throws IOException {
        String p = config.output().metricPrefix() + "ml:confidence:";
        double threshold = config.confidence().driftRatioThreshold();
        Map<String, Map<String, List<PromPoint>>> groups = new TreeMap<>();
        // the current window's series; the short window's (window="short") would overwrite them by name
        for (PromSeries s : vm.exportSeries("{__name__=~\"" + p.replace(":", "[:]") + ".*\",window!=\"short\"}")) {
            String group = s.label("model_name") + " " + s.label("model_version") + " " + s.label("use_case") + " "
                    + s.label("environment");
            groups.computeIfAbsent(group, g -> new TreeMap<>())
                    .put(s.label("__name__").substring(p.length()), s.points());
        }
        out.printf(
                "  %-50s %9s %9s %9s %9s  %s%n",
                "model_name model_version use_case environment",
                "baseline",
                "current",
                "low<=" + config.confidence().lowThreshold(),
                "drift",
                "first drift ratio > " + threshold);
        Set<String> drifted = new TreeSet<>();
        long end = scenario.end().toEpochMilli();
        for (var g : groups.entrySet()) {
            Map<String, List<PromPoint>> m = g.getValue();
            String firstDrift = "never";
            for (PromPoint pt : m.getOrDefault("drift_ratio", List.of())) {
                if (pt.value() > threshold) {
                    firstDrift = TIME.format(Instant.ofEpochMilli(pt.timestampMs()));
                    String[] k = g.getKey().split(" ");
                    drifted.add(k[0] + " " + k[1]);
                    break;
                }
            }
            out.printf(
                    "  %-50s %9s %9s %9s %9s  %s%n",
                    g.getKey(),
                    at(m, "baseline_avg", end),
                    at(m, "current_avg", end),
                    at(m, "low_ratio", end),
                    at(m, "drift_ratio", end),
                    firstDrift);
        }
        if (groups.values().stream().anyMatch(m -> !m.containsKey("baseline_avg"))) {
            out.printf(
                    "  -: no baseline yet; the %s baseline needs %s of data (replay more with --days)%n",
                    config.confidence().baseline().mode().name().toLowerCase(),
                    Durations.format(config.confidence().baseline().period()));
        }
        out.printf(
                "  values as of the end of the replay (%s), over the last %s%n",
                TIME.format(scenario.end()),
                Durations.format(config.confidence().currentWindow()));
        return drifted;
    }

    private static Set<String> featureDrift(PrintStream out, List<JsonNode> events, DriftwatchConfig config) {
        if (!config.drift().enabled()) {
            out.println("  (drift.enabled is false)");
            return Set.of();
        }
        // Per feature, in event order: when it fired and resolved.
        Map<String, List<String>> history = new TreeMap<>();
        Map<String, JsonNode> lastFiring = new TreeMap<>();
        for (JsonNode e : events) {
            if (!"feature_drift".equals(e.path("type").asText())) {
                continue;
            }
            String key = e.path("model_name").asText() + "/"
                    + e.path("model_version").asText() + "/" + e.path("feature").asText();
            history.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(e.path("state").asText() + " "
                            + TIME.format(Instant.parse(e.path("event_time").asText())));
            if ("firing".equals(e.path("state").asText())) {
                lastFiring.put(key, e);
            }
        }
        if (history.isEmpty()) {
            out.println("  no feature drifted");
        }
        for (var h : history.entrySet()) {
            JsonNode f = lastFiring.get(h.getKey());
            String score = f == null
                    ? ""
                    : String.format(
                            "  (%s %s %.4f >= %.4f)",
                            f.path("feature_kind").asText(),
                            f.path("method").asText(),
                            f.path("score").asDouble(),
                            f.path("threshold").asDouble());
            boolean open = h.getValue().get(h.getValue().size() - 1).startsWith("firing");
            out.printf(
                    "  %-42s %s%s%s%n",
                    h.getKey().replace('/', ' '), String.join(", ", h.getValue()), open ? ", still firing" : "", score);
        }
        return new TreeSet<>(lastFiring.keySet());
    }

    private static Set<String> cost(
            PrintStream out, VictoriaMetricsServer vm, LoadScenario scenario, DriftwatchConfig config)
            throws IOException {
        if (!config.cost().enabled()) {
            out.println("  (cost.enabled is false)");
            return Set.of();
        }
        String p = config.output().metricPrefix() + "ml:cost:";
        Instant t = scenario.end();
        Map<String, Double> day = byUseCase(vm, "sum by (use_case) (last_over_time(" + p + "rolling_24h[2h]))", t);
        Map<String, Double> mtd = byUseCase(vm, "sum by (use_case) (last_over_time(" + p + "month_to_date[2h]))", t);
        Map<String, Double> projected =
                byUseCase(vm, "sum by (use_case) (last_over_time(" + p + "projected_month_end[2h]))", t);
        Map<String, Double> inferences =
                byUseCase(vm, "sum by (use_case) (sum_over_time(" + p + "inferences_hourly[24h]))", t);
        Map<String, Double> costShare = byUseCase(vm, "last_over_time(" + p + "gpu_share[2h])", t);
        Map<String, Double> volumeShare = byUseCase(vm, "last_over_time(" + p + "volume_share[2h])", t);
        out.printf(
                "  %-22s %8s %9s %10s %8s  %-12s %-12s %s%n",
                "use_case", "24h", "month", "month-end", "budget", "per infer.", "value", "share of cost / of volume");
        Set<String> overBudget = new TreeSet<>();
        for (String useCase : day.keySet()) {
            Optional<UseCase> catalog = config.cost().catalog().useCase(useCase);
            Double budget = catalog.map(u -> u.monthlyBudget().toDouble())
                    .filter(b -> b > 0)
                    .orElse(null);
            double end = projected.getOrDefault(useCase, Double.NaN);
            if (budget != null && end > budget) {
                overBudget.add(useCase);
            }
            double perInference = day.get(useCase) / inferences.getOrDefault(useCase, Double.NaN);
            out.printf(
                    "  %-22s %8.2f %9.2f %10.2f %8s  %-12s %-12s %5.1f %% / %4.1f %%%s%n",
                    useCase,
                    day.get(useCase),
                    mtd.getOrDefault(useCase, Double.NaN),
                    end,
                    budget == null ? "-" : String.format("%.2f", budget),
                    String.format("%.6f", perInference),
                    catalog.map(u -> u.valuePerInference().toBigDecimal().toPlainString())
                            .orElse("-"),
                    100 * costShare.getOrDefault(useCase, Double.NaN),
                    100 * volumeShare.getOrDefault(useCase, Double.NaN),
                    budget != null && end > budget ? "  over budget" : "");
        }
        out.println("  month-end: month-to-date + the mean daily cost of the last "
                + config.cost().projectionDays()
                + " full days x the days left; share of cost: of the GPU cost of all use cases");
        return overBudget;
    }

    private static Map<String, Set<String>> costAnomalies(PrintStream out, List<JsonNode> events) {
        Map<String, Set<String>> fired = new TreeMap<>();
        Map<String, List<String>> history = new LinkedHashMap<>();
        for (JsonNode e : events) {
            if (!"cost_anomaly".equals(e.path("type").asText())) {
                continue;
            }
            String useCase = e.path("use_case").asText();
            String anomaly = e.path("anomaly").asText();
            history.computeIfAbsent(useCase + " " + anomaly, k -> new ArrayList<>())
                    .add(e.path("state").asText() + " "
                            + TIME.format(Instant.parse(e.path("event_time").asText())));
            if ("firing".equals(e.path("state").asText())) {
                fired.computeIfAbsent(useCase, u -> new TreeSet<>()).add(anomaly);
            }
        }
        if (history.isEmpty()) {
            out.println("  none");
        }
        new TreeMap<>(history)
                .forEach((k, v) -> out.printf(
                        "  %-56s %s%s%n",
                        k, String.join(", ", v), v.get(v.size() - 1).startsWith("firing") ? ", still firing" : ""));
        return fired;
    }

    private static void lookFurther(
            PrintStream out, VictoriaMetricsServer vm, LoadScenario scenario, DriftwatchConfig config) {
        String prefix = config.output().metricPrefix();
        long at = scenario.end().getEpochSecond();
        String query =
                "  %-20s curl -s '" + vm.baseUrl() + "/api/v1/query' --data-urlencode 'query=%s' -d time=" + at + "%n";
        out.println("\nLook further (VictoriaMetrics' Prometheus API; in Grafana, add " + vm.baseUrl()
                + " as a Prometheus data source):");
        // Driftwatch's own verdicts, the series the dashboards and alerts read
        out.printf(query, "confidence drift", prefix + "ml_confidence_drift_firing == 1");
        out.printf(query, "feature drift", prefix + "ml_feature_drift_firing == 1");
        out.printf(query, "cost by use case", "sum by (use_case) (" + prefix + "ml:cost:rolling_24h)");
        out.println("  drift and cost events  the Kafka topic "
                + config.output().eventsTopic() + " (JSON, schema deploy/schemas/driftwatch-event.schema.json)");
        out.println("  every raw sample     curl -s '" + vm.baseUrl()
                + "/api/v1/export' --data-urlencode 'match[]={__name__=~\"" + prefix + "ml.*\"}'");
        out.println("  Grafana dashboards   " + Path.of("deploy/grafana/dashboards")
                + "/{infra-gpu,model-quality,cost-business}.json" + " (import them, datasource " + vm.baseUrl() + ")");
    }

    /** An instant query's value per {@code use_case} label. */
    static Map<String, Double> byUseCase(VictoriaMetricsServer vm, String promql, Instant t) throws IOException {
        Map<String, Double> out = new TreeMap<>();
        for (PromSeries s : vm.query(promql, t).series()) {
            if (!s.points().isEmpty()) {
                out.put(
                        s.label("use_case"),
                        s.points().get(s.points().size() - 1).value());
            }
        }
        return out;
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
            var partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> request =
                    new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
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
