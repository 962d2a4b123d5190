package io.driftwatch.cost.projection;

import java.util.Objects;

/** A use case whose cost looks wrong, found by {@link CostAnomalyCheck}. */
public record CostAnomaly(String useCase, Kind kind, String detail) {

    public enum Kind {
        /** Its share of the GPU cost exceeds its share of the inference volume by more than the factor. */
        GPU_COST_SHARE_ABOVE_VOLUME_SHARE,
        /** Its cost per inference exceeds its value per inference: it loses money. */
        COST_ABOVE_VALUE,
        /** Its projected month-end cost exceeds its monthly budget. */
        PROJECTED_OVER_BUDGET
    }

    public CostAnomaly {
        Objects.requireNonNull(useCase, "useCase");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
