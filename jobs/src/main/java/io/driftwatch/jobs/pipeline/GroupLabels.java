package io.driftwatch.jobs.pipeline;

import io.driftwatch.connectors.otlp.Labels;
import java.util.List;
import java.util.Map;

/**
 * Reads a grouping label from a point's or span's labels, falling back to its OpenTelemetry
 * semantic-convention aliases: {@code environment} is also read from {@code deployment.environment.name}
 * and {@code deployment.environment}, {@code model_name} from {@code gen_ai.request.model}.
 */
public final class GroupLabels {

    private static final Map<String, List<String>> ALIASES = Map.of(
            "environment", List.of("deployment.environment.name", "deployment.environment"),
            "model_name", List.of("gen_ai.request.model"));

    private GroupLabels() {}

    /** The value of {@code name} or of its first alias present; {@code ""} when none is. */
    public static String valueOf(Labels labels, String name) {
        String v = labels.get(name);
        if (v != null) {
            return v;
        }
        for (String alias : ALIASES.getOrDefault(name, List.of())) {
            v = labels.get(alias);
            if (v != null) {
                return v;
            }
        }
        return "";
    }
}
