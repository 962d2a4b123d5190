package io.driftwatch.cost.attribution;

/** Where an attributed cost came from, in {@link CostAttribution}'s priority order. */
public enum CostSource {
    /** The service's own cost counter {@code ml.inference.cost.gpu}, taken as is. */
    REPORTED,
    /** Inference duration × the catalog's hourly rate of the GPU type serving the model. */
    GPU_TIME,
    /** Token counts × the catalog's token prices for the model. */
    TOKENS,
    /** No usable source: no usage was observed, or the catalog has no price for what was observed. */
    UNPRICED
}
