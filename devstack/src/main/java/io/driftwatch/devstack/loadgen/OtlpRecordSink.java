package io.driftwatch.devstack.loadgen;

/** Where the generator hands each OTLP Kafka record, as the collector's kafka exporter would write it. */
@FunctionalInterface
public interface OtlpRecordSink {

    /**
     * @param encoding {@code otlp_proto} or {@code otlp_json}
     * @param key the record key (the resource's identity, as the exporter's
     *     {@code partition_metrics_by_resource_attributes} does)
     * @param value the serialised {@code ExportMetricsServiceRequest}
     * @param timestampMillis the record timestamp (the export time)
     */
    void send(String encoding, byte[] key, byte[] value, long timestampMillis);
}
