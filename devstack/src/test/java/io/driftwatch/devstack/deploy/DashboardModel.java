package io.driftwatch.devstack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of Grafana's dashboard JSON model that can be checked without a Grafana: a uid Grafana
 * accepts (at most 40 characters of letters, digits, {@code -} and {@code _}), a title and a schema
 * version; unique panel ids; every panel's {@code gridPos} inside the 24-column grid and overlapping no
 * other panel; every datasource (panel, target, variable, annotation) one of the provisioned uids; and
 * every variable used ({@code $name}, {@code ${name}}, {@code ${name:format}}, {@code [[name]]}) in a
 * query, legend, title or annotation defined by the dashboard, unless it is one of Grafana's own
 * ({@code $__…}).
 */
final class DashboardModel {

    static final int GRID_COLUMNS = 24;
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

    private DashboardModel() {}

    /** Everything wrong with {@code dashboard}, each naming where; empty when it follows the rules. */
    static List<String> problems(JsonNode dashboard, Set<String> provisionedUids) {
        List<String> problems = new ArrayList<>();
        if (!UID.matcher(dashboard.path("uid").asText()).matches()) {
            problems.add("uid " + dashboard.path("uid") + " is not 1-40 letters, digits, - or _");
        }
        if (dashboard.path("title").asText().isBlank()) {
            problems.add("no title");
        }
        if (!dashboard.path("schemaVersion").isInt()) {
            problems.add("no schemaVersion");
        }
        Set<String> variables = new HashSet<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            String name = v.path("name").asText();
            if (!variables.add(name)) {
                problems.add("variable " + name + " defined twice");
            }
            datasource(v.path("datasource"), provisionedUids, "variable " + name, problems);
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            uses(
                    v.path("query").path("query").asText(),
                    variables,
                    "variable " + v.path("name").asText(),
                    problems);
        }
        for (JsonNode a : dashboard.path("annotations").path("list")) {
            String where = "annotation " + a.path("name").asText();
            datasource(a.path("datasource"), provisionedUids, where, problems);
            for (String field : List.of("expr", "titleFormat", "textFormat")) {
                uses(a.path(field).asText(), variables, where, problems);
            }
        }
        Set<Integer> ids = new HashSet<>();
        List<int[]> placed = new ArrayList<>();
        List<String> placedNames = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String where =
                    "panel " + panel.path("id") + " \"" + panel.path("title").asText() + "\"";
            if (!panel.path("id").isInt() || !ids.add(panel.path("id").asInt())) {
                problems.add(where + ": id missing or not unique");
            }
            int[] box = gridPos(panel.path("gridPos"), where, problems);
            if (box != null) {
                for (int i = 0; i < placed.size(); i++) {
                    if (overlap(box, placed.get(i))) {
                        problems.add(where + " overlaps " + placedNames.get(i));
                    }
                }
                placed.add(box);
                placedNames.add(where);
            }
            datasource(panel.path("datasource"), provisionedUids, where, problems);
            uses(panel.path("title").asText(), variables, where, problems);
            for (JsonNode target : panel.path("targets")) {
                String t = where + " target " + target.path("refId").asText();
                datasource(target.path("datasource"), provisionedUids, t, problems);
                uses(target.path("expr").asText(), variables, t, problems);
                uses(target.path("legendFormat").asText(), variables, t, problems);
            }
        }
        return problems;
    }

    /** {x, y, w, h} when valid, else null with the problem recorded. */
    private static int[] gridPos(JsonNode g, String where, List<String> problems) {
        for (String f : List.of("x", "y", "w", "h")) {
            if (!g.path(f).isInt()) {
                problems.add(where + ": gridPos." + f + " is not an integer");
                return null;
            }
        }
        int[] box = {
            g.get("x").asInt(),
            g.get("y").asInt(),
            g.get("w").asInt(),
            g.get("h").asInt()
        };
        if (box[0] < 0 || box[1] < 0 || box[2] < 1 || box[3] < 1 || box[0] + box[2] > GRID_COLUMNS) {
            problems.add(where + ": gridPos " + g + " outside the " + GRID_COLUMNS + "-column grid");
            return null;
        }
        return box;
    }

    private static boolean overlap(int[] a, int[] b) {
        return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }

    private static void datasource(JsonNode ds, Set<String> uids, String where, List<String> problems) {
        if (!ds.isMissingNode() && !uids.contains(ds.path("uid").asText())) {
            problems.add(where + ": datasource uid " + ds.path("uid") + " is not provisioned " + uids);
        }
    }

    private static void uses(String text, Set<String> variables, String where, List<String> problems) {
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (!name.startsWith("__") && !variables.contains(name)) {
                problems.add(where + " uses undefined variable $" + name);
            }
        }
    }
}
