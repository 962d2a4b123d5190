package io.driftwatch.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.SimulatedModel;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's "first firing" table: per finding (a feature_drift or confidence_drift event's subject),
 * its first firing event, the window that made it fire (the event's {@code window}: short or current) and
 * the delay from the scenario's change of that model version (its feature shift, its confidence drop);
 * "no change" when the scenario changed nothing there (a false alarm).
 */
final class FirstFirings {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    /**
     * One finding's first firing.
     *
     * @param finding "feature model version feature" or "confidence model version"
     * @param window the window that fired: short or current
     * @param delay from the scenario's change, null when it changed nothing there
     */
    record FirstFiring(String finding, String window, Instant fired, Duration delay) {}

    private FirstFirings() {}

    static List<FirstFiring> print(PrintStream out, List<JsonNode> events, LoadScenario scenario) {
        Map<String, SimulatedModel> models = new HashMap<>();
        for (SimulatedModel m : scenario.models()) {
            models.put(m.modelName() + " " + m.modelVersion(), m);
        }
        Map<String, FirstFiring> first = new TreeMap<>();
        for (JsonNode e : events) {
            String type = e.path("type").asText();
            if (!"firing".equals(e.path("state").asText())
                    || !(type.equals("feature_drift") || type.equals("confidence_drift"))) {
                continue;
            }
            String model = e.path("model_name").asText() + " "
                    + e.path("model_version").asText();
            boolean feature = type.equals("feature_drift");
            String finding =
                    feature ? "feature " + model + " " + e.path("feature").asText() : "confidence " + model;
            Instant fired = Instant.parse(e.path("event_time").asText());
            SimulatedModel m = models.get(model);
            Instant change = m == null ? null : feature ? m.featureShiftAt() : m.dropAt();
            Duration delay = change == null || fired.isBefore(change) ? null : Duration.between(change, fired);
            FirstFiring f = new FirstFiring(finding, e.path("window").asText("current"), fired, delay);
            first.merge(finding, f, (a, b) -> a.fired().isAfter(b.fired()) ? b : a);
        }
        out.println("\nFirst firing per finding (the event's window; delay from the scenario's change)");
        if (first.isEmpty()) {
            out.println("  none");
        }
        out.printf("  %-48s %-8s %-18s %s%n", "finding", "window", "fired", "delay");
        for (FirstFiring f : first.values()) {
            out.printf(
                    "  %-48s %-8s %-18s %s%n",
                    f.finding(),
                    f.window(),
                    TIME.format(f.fired()),
                    f.delay() == null ? "no change" : "+" + f.delay().toHours() + " h");
        }
        return new ArrayList<>(first.values());
    }
}
