package io.driftwatch.connectors.otlp;

/**
 * What a decoder accepts from an OTLP record, a {@link MetricPoint} or a {@link SpanRecord}: the item
 * carries the time that moves the source's event time on (see {@link DecodedOtlp#eventTimeMillis()}).
 */
public interface OtlpItem {

    /** The item's event time in epoch milliseconds, rounded down. */
    long timeMillis();
}
