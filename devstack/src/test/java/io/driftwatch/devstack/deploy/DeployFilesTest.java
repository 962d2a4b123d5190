package io.driftwatch.devstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static files under {@code deploy/} are valid for their tools: every YAML file parses, the
 * collector's pipelines use only defined components, every Grafana dashboard is valid JSON with
 * unique panel ids and only refers to the provisioned datasource, and Debian's {@code vmalert} accepts the rules in dry-run mode.
 */
class DeployFilesTest {

    // Surefire runs in the module directory (jobs/); deploy/ is beside it.
    private static final Path DEPLOY = Path.of("").toAbsolutePath().resolveSibling("deploy");
    private static final Path VMALERT = Path.of("/usr/bin/vmalert");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files = yamlFiles();
        assertTrue(files.size() >= 5, "expected the deploy YAML files, found " + files);
        for (Path file : files) {
            try {
                JsonNode root = YAML.readTree(file.toFile());
                assertTrue(root != null && root.isObject(), file + ": top level is not a mapping");
            } catch (IOException e) {
                fail(file + " is not valid YAML: " + e.getMessage());
            }
        }
    }

    @Test
    void collectorPipelinesUseDefinedComponentsAndWriteOtlpProtoToKafka() throws IOException {
        JsonNode config =
                YAML.readTree(DEPLOY.resolve("otel-collector/config.yaml").toFile());
        JsonNode pipelines = config.path("service").path("pipelines");
        assertTrue(pipelines.has("metrics") && pipelines.has("traces"), "metrics and traces pipelines");
        for (var pipeline : iterable(pipelines.fields())) {
            for (String section : List.of("receivers", "processors", "exporters")) {
                for (JsonNode name : pipeline.getValue().path(section)) {
                    assertTrue(
                            config.path(section).has(name.asText()),
                            "pipeline " + pipeline.getKey() + " uses undefined " + section + " " + name);
                }
            }
            assertTrue(
                    contains(pipeline.getValue().path("exporters"), "kafka"), pipeline.getKey() + " exports to kafka");
        }
        JsonNode kafka = config.path("exporters").path("kafka");
        assertEquals("otlp_metrics", kafka.path("metrics").path("topic").asText());
        assertEquals("otlp_spans", kafka.path("traces").path("topic").asText());
        assertEquals("otlp_proto", kafka.path("metrics").path("encoding").asText());
        assertEquals("otlp_proto", kafka.path("traces").path("encoding").asText());
        assertTrue(kafka.path("partition_metrics_by_resource_attributes").asBoolean());
        assertTrue(contains(kafka.path("brokers"), "kafka:9092"));
    }

    /** The dashboards of the field report: Infra & GPU (SRE), Model & Quality (ML), Cost & Business (leadership). */
    static final Set<String> DASHBOARDS =
            Set.of("infra-gpu.json", "model-quality.json", "cost-business.json", "rollups.json");

    @Test
    void everyDashboardIsValidJsonWithUniqueIdsKnownDatasourcesAndQuestionTitles() throws IOException {
        Set<String> provisionedUids = new HashSet<>();
        JsonNode datasources = YAML.readTree(DEPLOY.resolve("grafana/provisioning/datasources/victoriametrics.yaml")
                .toFile());
        for (JsonNode ds : datasources.path("datasources")) {
            provisionedUids.add(ds.path("uid").asText());
        }
        assertEquals(Set.of("victoriametrics"), provisionedUids);

        Set<String> files = new HashSet<>();
        Set<String> dashboardUids = new HashSet<>();
        for (Path file : dashboardFiles()) {
            files.add(file.getFileName().toString());
            JsonNode dashboard;
            try {
                dashboard = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
            }
            assertTrue(dashboardUids.add(dashboard.path("uid").asText()), file + ": duplicate dashboard uid");
            assertFalse(dashboard.path("title").asText().isBlank(), file + ": no title");
            JsonNode panels = dashboard.path("panels");
            assertTrue(panels.size() >= 6 && panels.size() <= 12, file + ": 6 to 12 panels, found " + panels.size());
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels) {
                String where = file.getFileName() + " panel " + panel.path("id") + " \""
                        + panel.path("title").asText() + "\"";
                assertTrue(panel.path("id").isInt(), where + ": id is not an integer");
                assertTrue(ids.add(panel.path("id").asInt()), where + ": duplicate id");
                assertTrue(
                        panel.path("title").asText().endsWith("?"), where + ": not titled by the question it answers");
                assertDatasource(panel.path("datasource"), provisionedUids, where);
                assertFalse(panel.path("targets").isEmpty(), where + ": no targets");
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : panel.path("targets")) {
                    String t = where + " target " + target.path("refId").asText();
                    assertTrue(refIds.add(target.path("refId").asText()), t + ": duplicate refId");
                    assertDatasource(target.path("datasource"), provisionedUids, t);
                    assertFalse(target.path("expr").asText().isBlank(), t + ": empty expr");
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                assertDatasource(
                        variable.path("datasource"),
                        provisionedUids,
                        file.getFileName() + " variable " + variable.path("name"));
            }
        }
        assertEquals(DASHBOARDS, files);
    }

    static List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> paths = Files.list(DEPLOY.resolve("grafana/dashboards"))) {
            return paths.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void vmalertAcceptsTheRules() throws Exception {
        Path rules = DEPLOY.resolve("vmalert/rules.yaml").toAbsolutePath();
        Result result = vmalertDryRun(rules);
        assertEquals(0, result.exitCode, "vmalert -dryRun rejected " + rules + ":\n" + result.output);
    }

    @Test
    void vmalertRejectsABrokenRule(@TempDir Path dir) throws Exception {
        // Proves the dry run validates expressions, so the check above can fail.
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(
                broken,
                String.join(
                        "\n",
                        "groups:",
                        "  - name: broken",
                        "    rules:",
                        "      - alert: Broken",
                        "        expr: last_over_time(ml:confidence:current_avg[2h] <",
                        ""),
                StandardCharsets.UTF_8);
        Result result = vmalertDryRun(broken);
        assertNotEquals(0, result.exitCode, "vmalert -dryRun accepted a broken rule:\n" + result.output);
        assertTrue(result.output.contains("Broken"), "error names the rule:\n" + result.output);
    }

    @Test
    void everyAlertHasForSeverityAndAnnotations() throws IOException {
        JsonNode rules = YAML.readTree(DEPLOY.resolve("vmalert/rules.yaml").toFile());
        int alerts = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String where = "alert " + rule.path("alert").asText();
                assertFalse(rule.path("for").asText().isBlank(), where + ": no for");
                assertFalse(rule.path("labels").path("severity").asText().isBlank(), where + ": no severity");
                String summary = rule.path("annotations").path("summary").asText();
                assertTrue(
                        summary.contains("{{ $labels.model_name }}") || summary.contains("{{ $labels.use_case }}"),
                        where + ": summary names neither the model nor the use case");
                assertFalse(
                        rule.path("annotations").path("description").asText().isBlank(), where + ": no description");
                alerts++;
            }
        }
        assertEquals(9, alerts); // with CostSpikeForTheHourOfTheWeek and CostCatalogVersionChanged
    }

    private static void assertDatasource(JsonNode datasource, Set<String> uids, String where) {
        assertEquals("prometheus", datasource.path("type").asText(), where + ": datasource type");
        assertTrue(
                uids.contains(datasource.path("uid").asText()),
                where + ": datasource uid " + datasource.path("uid") + " is not provisioned (" + uids + ")");
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(DEPLOY)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }

    private record Result(int exitCode, String output) {}

    private static Result vmalertDryRun(Path rules) throws Exception {
        if (!Files.isExecutable(VMALERT)) {
            fail(VMALERT + " not found: install it with `apt-get install victoria-metrics`");
        }
        List<String> command = new ArrayList<>(List.of(VMALERT.toString(), "-dryRun", "-rule=" + rules));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // vmalert's output is small; read it after exit, within the timeout.
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("vmalert -dryRun did not finish within 60 s: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), output);
    }
}
