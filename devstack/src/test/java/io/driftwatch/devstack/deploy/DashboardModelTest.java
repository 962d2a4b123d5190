package io.driftwatch.devstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard file follows the rules of Grafana's dashboard JSON model that hold offline ({@link
 * DashboardModel}), against the datasources deploy's provisioning files declare; the drift graphs carry
 * annotations from the series Driftwatch writes at event times; and each rule is shown to catch a
 * broken dashboard, so the check can fail.
 */
class DashboardModelTest {

    private static final Path GRAFANA =
            Path.of("").toAbsolutePath().resolveSibling("deploy").resolve("grafana");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDashboardFollowsTheModelWithTheProvisionedDatasources() throws IOException {
        Set<String> uids = provisionedUids();
        assertFalse(uids.isEmpty());
        List<Path> files = DeployFilesTest.dashboardFiles();
        assertEquals(DeployFilesTest.DASHBOARDS.size(), files.size(), files.toString());
        for (Path file : files) {
            assertEquals(List.of(), DashboardModel.problems(JSON.readTree(file.toFile()), uids), file.toString());
        }
    }

    /** Drift shows on the graphs where it fired: annotations from ml_driftwatch_event and the verdicts. */
    @Test
    void modelQualityAnnotatesEventsAndDriftingPeriods() throws IOException {
        JsonNode dashboard =
                JSON.readTree(GRAFANA.resolve("dashboards/model-quality.json").toFile());
        for (JsonNode a : dashboard.path("annotations").path("list")) {
            assertTrue(a.path("enable").asBoolean(), a.path("name") + " is enabled");
        }
        assertTrue(
                dashboard.path("annotations").toString().contains("ml_driftwatch_event{"),
                "an annotation per Driftwatch event");
        assertTrue(dashboard.path("annotations").toString().contains("ml_feature_drift_firing{"));
        assertTrue(dashboard.path("annotations").toString().contains("ml_confidence_drift_firing{"));
    }

    @Test
    void eachRuleCatchesABrokenDashboard() throws IOException {
        Set<String> uids = provisionedUids();
        ObjectNode broken = (ObjectNode)
                JSON.readTree(GRAFANA.resolve("dashboards/model-quality.json").toFile());
        broken.put("uid", "has spaces and is far longer than forty characters allowed");
        ArrayNode panels = (ArrayNode) broken.get("panels");
        ObjectNode first = (ObjectNode) panels.get(0);
        ObjectNode second = (ObjectNode) panels.get(1);
        second.put("id", first.get("id").asInt());
        ((ObjectNode) second.get("gridPos"))
                .put("y", first.get("gridPos").get("y").asInt());
        ((ObjectNode) panels.get(2).get("gridPos")).put("x", 20);
        ((ObjectNode) first.get("datasource")).put("uid", "prometheus-elsewhere");
        ((ObjectNode) first.get("targets").get(0)).put("expr", "up{job=~\"$job\"} + ${missing:regex}");
        ((ObjectNode) broken.get("annotations").get("list").get(0))
                .put("expr", "ml_driftwatch_event{model_name=~\"[[nope]]\"}");
        List<String> problems = DashboardModel.problems(broken, uids);
        for (String expected : List.of(
                "uid \"has spaces",
                "id missing or not unique",
                " overlaps panel 1",
                "outside the 24-column grid",
                "datasource uid \"prometheus-elsewhere\" is not provisioned",
                "undefined variable $job",
                "undefined variable $missing",
                "undefined variable $nope")) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " in " + problems);
        }
    }

    /** The uids of every datasource in deploy/grafana/provisioning/datasources. */
    static Set<String> provisionedUids() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Set<String> uids = new HashSet<>();
        try (Stream<Path> files = Files.list(GRAFANA.resolve("provisioning/datasources"))) {
            for (Path file : files.toList()) {
                for (JsonNode ds : yaml.readTree(file.toFile()).path("datasources")) {
                    uids.add(ds.path("uid").asText());
                }
            }
        }
        return uids;
    }
}
