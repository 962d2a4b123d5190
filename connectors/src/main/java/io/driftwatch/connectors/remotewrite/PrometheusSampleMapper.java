package io.driftwatch.connectors.remotewrite;

import java.io.Serializable;

/**
 * Maps a stream element to the {@link PrometheusSample} that {@link PrometheusRemoteWriteSink}
 * writes. Runs in the sink writer, once per element; it must return a sample, never {@code null}.
 *
 * @param <InputT> the stream's element type
 */
@FunctionalInterface
public interface PrometheusSampleMapper<InputT> extends Serializable {

    PrometheusSample map(InputT element);
}
