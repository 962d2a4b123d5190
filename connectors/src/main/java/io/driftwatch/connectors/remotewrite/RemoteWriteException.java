package io.driftwatch.connectors.remotewrite;

import java.io.IOException;

/**
 * A remote-write failure the sink does not recover from by itself: retries exhausted for an
 * unreachable or failing endpoint, a failing {@link RemoteWriteFailureHandler}, or an unexpected
 * client error. It fails the Flink job (whose restart strategy then applies); its message names the
 * endpoint URL.
 */
public class RemoteWriteException extends IOException {

    private static final long serialVersionUID = 1L;

    public RemoteWriteException(String message) {
        super(message);
    }

    public RemoteWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
