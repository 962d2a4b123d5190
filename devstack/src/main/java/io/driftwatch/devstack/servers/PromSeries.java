package io.driftwatch.devstack.servers;

import java.util.List;
import java.util.Map;

/**
 * One series read back from VictoriaMetrics: its labels ({@code __name__} included where the API
 * returns it) and its points in time order.
 */
public record PromSeries(Map<String, String> labels, List<PromPoint> points) {

    public PromSeries {
        labels = Map.copyOf(labels);
        points = List.copyOf(points);
    }

    /** The value of one label, or {@code null}. */
    public String label(String name) {
        return labels.get(name);
    }
}
