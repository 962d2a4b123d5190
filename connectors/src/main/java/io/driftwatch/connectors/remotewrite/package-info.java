/**
 * A Flink sink for the Prometheus remote-write 1.0 protocol, e.g. into VictoriaMetrics.
 *
 * <p>Entry points: {@link io.driftwatch.connectors.remotewrite.PrometheusRemoteWriteSink#builder()},
 * the element type {@link io.driftwatch.connectors.remotewrite.PrometheusSample}, and the {@link
 * io.driftwatch.connectors.remotewrite.RemoteWriteFailureHandler} implementations for samples the
 * receiver refuses. Classes in {@code .internal} are implementation details without API stability.
 */
package io.driftwatch.connectors.remotewrite;
