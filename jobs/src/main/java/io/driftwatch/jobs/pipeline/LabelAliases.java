package io.driftwatch.jobs.pipeline;

import io.driftwatch.connectors.otlp.Labels;
import java.util.List;
import java.util.Map;

/**
 * The OpenTelemetry semantic-convention names a Driftwatch label is also read from when a point lacks
 * it: {@code environment} from {@code deployment.environment.name} or {@code deployment.environment},
 * {@code model_name} from {@code gen_ai.request.model}.
 */
public final class LabelAliases {

    private static final Map<String, List<String>> ALIASES = Map.of(
            "environment", List.of("deployment.environment.name", "deployment.environment"),
            "model_name", List.of("gen_ai.request.model"));

    private LabelAliases() {}

    /** The value of {@code name}, else of its first alias present; empty when none is. */
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
