package io.driftwatch.connectors.remotewrite.internal;

import io.driftwatch.connectors.remotewrite.RemoteWriteException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers one batch of entries as one remote-write request and, when the receiver refuses the
 * request as a whole with HTTP 400, isolates the samples it refuses by bisection.
 *
 * <p>Why: Prometheus' receiver rolls back a whole request for one out-of-order, out-of-bounds or
 * duplicate sample and answers 400 with that sample's error; without splitting, every good sample
 * of the request would be lost with it. A 400 request of more than one sample is sorted by series
 * and timestamp and split in two halves, sent one after the other (the left half holds each series'
 * earlier samples, so the halves do not make each other out of order); a refused half is split
 * again, until single samples are left. Each half is a new request with its own retry budget.
 *
 * <p>Cost: with {@code k} refused samples among {@code n}, at most {@code 1 + 2k·⌈log2 n⌉} requests;
 * the worst case, every sample refused, is {@code 2n − 1} requests (9,999 for a batch of 5,000),
 * sent one at a time. Other rejections (401, 403, 404, 413, 422, …) concern the request, not a
 * sample: the batch is refused whole without splitting.
 */
public final class BatchDelivery {

    /** The status a receiver answers when it refuses samples of a request (Prometheus, VictoriaMetrics). */
    public static final int SPLIT_STATUS = 400;

    /** Observes splits, e.g. to count and log them. */
    public interface Listener {
        /** A request of {@code samples} samples, refused with {@code status} and {@code body}, is split in two. */
        void onSplit(int samples, int status, String body);
    }

    /** Entries the receiver refused, with the status and response body of the request that refused them. */
    public record Refused(List<RemoteWriteEntry> entries, int statusCode, String responseBody) {}

    /** How a batch ended: how many samples were stored, and which were refused (why). */
    public record Outcome(int delivered, int requests, List<Refused> refused) {
        Outcome plus(Outcome other) {
            List<Refused> all = new ArrayList<>(refused);
            all.addAll(other.refused);
            return new Outcome(delivered + other.delivered, requests + other.requests, List.copyOf(all));
        }
    }

    /** Series first, then time: each series' samples in time order. */
    private static final Comparator<RemoteWriteEntry> SERIES_TIME_ORDER = Comparator.comparingInt(
                    (RemoteWriteEntry e) -> e.series().hashCode())
            .thenComparingLong(RemoteWriteEntry::timestampMs);

    private final RemoteWriteSender sender;
    private final Listener listener;

    public BatchDelivery(RemoteWriteSender sender, Listener listener) {
        this.sender = sender;
        this.listener = listener;
    }

    /**
     * Sends {@code entries}; the future completes with the outcome, or exceptionally when a request
     * failed for good (retries used up, or an encoding error).
     */
    public CompletableFuture<Outcome> deliver(List<RemoteWriteEntry> entries) {
        return send(entries, false);
    }

    private CompletableFuture<Outcome> send(List<RemoteWriteEntry> entries, boolean sorted) {
        byte[] body;
        try {
            body = WriteRequestEncoder.encodeCompressed(entries);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new RemoteWriteException(
                    "cannot encode a remote-write request of " + entries.size() + " samples for " + sender.endpoint()
                            + ": " + e,
                    e));
        }
        return sender.send(body).thenCompose(result -> {
            if (!(result instanceof RemoteWriteSender.Rejected rejected)) {
                return CompletableFuture.completedFuture(new Outcome(entries.size(), 1, List.of()));
            }
            if (rejected.statusCode() != SPLIT_STATUS || entries.size() < 2) {
                return CompletableFuture.completedFuture(new Outcome(
                        0, 1, List.of(new Refused(entries, rejected.statusCode(), rejected.responseBody()))));
            }
            listener.onSplit(entries.size(), rejected.statusCode(), rejected.responseBody());
            List<RemoteWriteEntry> ordered = entries;
            if (!sorted) {
                ordered = new ArrayList<>(entries);
                ordered.sort(SERIES_TIME_ORDER); // stable: equal samples keep their order
            }
            List<RemoteWriteEntry> left = ordered.subList(0, ordered.size() / 2);
            List<RemoteWriteEntry> right = ordered.subList(ordered.size() / 2, ordered.size());
            return send(left, true)
                    .thenCompose(a -> send(right, true)
                            .thenApply(b -> new Outcome(0, 1, List.of()).plus(a).plus(b)));
        });
    }
}
