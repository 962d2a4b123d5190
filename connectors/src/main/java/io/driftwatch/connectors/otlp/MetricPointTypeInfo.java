package io.driftwatch.connectors.otlp;

import io.driftwatch.connectors.otlp.internal.SerializerTypeInfo;

/** Flink type information for {@link MetricPoint}, backed by {@link MetricPointSerializer}. */
public final class MetricPointTypeInfo extends SerializerTypeInfo<MetricPoint> {

    private static final long serialVersionUID = 1L;

    public static final MetricPointTypeInfo INSTANCE = new MetricPointTypeInfo();

    public MetricPointTypeInfo() {
        super(MetricPoint.class, MetricPointSerializer.INSTANCE);
    }
}
