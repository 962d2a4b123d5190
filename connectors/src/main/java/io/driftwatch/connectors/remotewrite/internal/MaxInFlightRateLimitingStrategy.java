package io.driftwatch.connectors.remotewrite.internal;

import org.apache.flink.connector.base.sink.writer.strategy.RateLimitingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.RequestInfo;
import org.apache.flink.connector.base.sink.writer.strategy.ResultInfo;

/**
 * Allows up to {@code maxInFlightRequests} concurrent requests of up to {@code maxBatchSize} entries.
 *
 * <p>Flink's default (AIMD congestion control) starts with one batch in flight and adapts to
 * entries handed back for retry; this sink retries inside a request (with backoff) and never hands
 * entries back, so AIMD would get no signal and only slow the start down.
 */
public final class MaxInFlightRateLimitingStrategy implements RateLimitingStrategy {

    private final int maxInFlightRequests;
    private final int maxBatchSize;
    private int inFlightRequests;

    public MaxInFlightRateLimitingStrategy(int maxInFlightRequests, int maxBatchSize) {
        if (maxInFlightRequests < 1 || maxBatchSize < 1) {
            throw new IllegalArgumentException("maxInFlightRequests and maxBatchSize must be positive, got "
                    + maxInFlightRequests + " and " + maxBatchSize);
        }
        this.maxInFlightRequests = maxInFlightRequests;
        this.maxBatchSize = maxBatchSize;
    }

    @Override
    public void registerInFlightRequest(RequestInfo requestInfo) {
        inFlightRequests++;
    }

    @Override
    public void registerCompletedRequest(ResultInfo resultInfo) {
        inFlightRequests--;
    }

    @Override
    public boolean shouldBlock(RequestInfo requestInfo) {
        return inFlightRequests >= maxInFlightRequests;
    }

    @Override
    public int getMaxBatchSize() {
        return maxBatchSize;
    }
}
