package io.driftwatch.connectors.remotewrite.internal;

import io.driftwatch.connectors.remotewrite.RemoteWriteException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends snappy-compressed remote-write bodies with {@link HttpClient} (asynchronously) and retries
 * transient failures ({@link ResponseClassifier}) of each request with {@link RetryBackoff}, honouring
 * {@code Retry-After}, until the request's {@code maxRetryDuration} is used up.
 *
 * <p>The returned future completes with {@link Delivered} or {@link Rejected} (a non-retryable
 * status: the caller decides what happens to those samples), or exceptionally with a {@link
 * RemoteWriteException} naming the endpoint when retries are exhausted or an unexpected error
 * occurs. Retries re-send the same bytes; nothing is re-encoded.
 */
public final class RemoteWriteSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteSender.class);

    /** Response bodies longer than this are truncated (with a marker) before they are reported. */
    public static final int MAX_REPORTED_BODY_CHARS = 2048;

    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    /** Observes attempts, e.g. to count them in metrics. Called from HTTP client threads. */
    public interface Listener {
        /** An HTTP request is about to be sent (first attempt or retry). */
        void onAttempt();

        /** A retry is scheduled; {@code retry} is 1 for the first retry. */
        void onRetry(int retry, Duration delay, String reason);

        /** A request used up its retry budget: it fails, and with it the job. */
        default void onGiveUp() {}
    }

    /** The final result of a request that did not fail. */
    public interface Result {
        int attempts();
    }

    /** The receiver accepted the request (2xx). */
    public static final class Delivered implements Result {
        private final int attempts;

        public Delivered(int attempts) {
            this.attempts = attempts;
        }

        @Override
        public int attempts() {
            return attempts;
        }

        @Override
        public String toString() {
            return "Delivered{attempts=" + attempts + '}';
        }
    }

    /** The receiver answered with a status that is not retried; the samples were not stored. */
    public static final class Rejected implements Result {
        private final int statusCode;
        private final String responseBody;
        private final int attempts;

        public Rejected(int statusCode, String responseBody, int attempts) {
            this.statusCode = statusCode;
            this.responseBody = responseBody;
            this.attempts = attempts;
        }

        public int statusCode() {
            return statusCode;
        }

        /** The response body, truncated to {@link #MAX_REPORTED_BODY_CHARS}. */
        public String responseBody() {
            return responseBody;
        }

        @Override
        public int attempts() {
            return attempts;
        }

        @Override
        public String toString() {
            return "Rejected{status=" + statusCode + ", body=" + responseBody + ", attempts=" + attempts + '}';
        }
    }

    private final RemoteWriteClientConfig config;
    private final Listener listener;
    private final ExecutorService httpExecutor;
    private final ScheduledThreadPoolExecutor retryScheduler;
    private final HttpClient client;
    private volatile boolean closed;
    /** Retries and give-ups show at WARN: at most one line each per endpoint and minute in a JVM. */
    private final PeriodicWarning retryWarning;

    private final PeriodicWarning giveUpWarning;

    public RemoteWriteSender(RemoteWriteClientConfig config, Listener listener) throws GeneralSecurityException {
        this.config = config;
        this.listener = listener;
        this.retryWarning = PeriodicWarning.perMinute("retry", config.endpoint().toString());
        this.giveUpWarning =
                PeriodicWarning.perMinute("give-up", config.endpoint().toString());
        String prefix = "remote-write-" + CLIENT_IDS.incrementAndGet();
        this.httpExecutor = Executors.newCachedThreadPool(daemonThreads(prefix + "-http-"));
        this.retryScheduler = new ScheduledThreadPoolExecutor(1, daemonThreads(prefix + "-retry-"));
        this.retryScheduler.setRemoveOnCancelPolicy(true);
        HttpClient.Builder builder = HttpClient.newBuilder()
                // HTTP/1.1: no h2c upgrade dance with plain-HTTP receivers; concurrency comes from the connection pool
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.requestTimeout())
                .executor(httpExecutor);
        if (config.tls() != null) {
            builder.sslContext(config.tls().createSslContext());
        }
        this.client = builder.build();
    }

    public URI endpoint() {
        return config.endpoint();
    }

    /** Sends one request body (snappy-compressed {@code WriteRequest}), retrying as configured. */
    public CompletableFuture<Result> send(byte[] snappyBody) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        HttpRequest request;
        try {
            request = newRequest(snappyBody);
        } catch (RuntimeException e) {
            result.completeExceptionally(new RemoteWriteException(
                    "cannot build the remote-write request to " + config.endpoint() + ": " + e, e));
            return result;
        }
        attempt(request, 1, System.nanoTime(), result);
        return result;
    }

    private HttpRequest newRequest(byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(config.endpoint())
                .timeout(config.requestTimeout())
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .header("User-Agent", config.userAgent())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.authorizationHeader() != null) {
            builder.header("Authorization", config.authorizationHeader());
        }
        return builder.build();
    }

    private void attempt(HttpRequest request, int attempt, long startNanos, CompletableFuture<Result> result) {
        if (closed) {
            result.completeExceptionally(new RemoteWriteException(
                    "remote-write client for " + config.endpoint() + " was closed with a request pending"));
            return;
        }
        listener.onAttempt();
        CompletableFuture<HttpResponse<String>> response;
        try {
            response = client.sendAsync(request, RemoteWriteSender::bodyHandler);
        } catch (RuntimeException e) {
            result.completeExceptionally(unexpected(e));
            return;
        }
        response.whenComplete((r, error) -> {
            try {
                if (error != null) {
                    onError(unwrap(error), request, attempt, startNanos, result);
                } else {
                    onResponse(r, request, attempt, startNanos, result);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(unexpected(e));
            }
        });
    }

    /** 2xx bodies are discarded unread; others are kept for the report. */
    private static HttpResponse.BodySubscriber<String> bodyHandler(HttpResponse.ResponseInfo info) {
        return info.statusCode() / 100 == 2
                ? HttpResponse.BodySubscribers.replacing("")
                : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
    }

    private void onResponse(
            HttpResponse<String> response,
            HttpRequest request,
            int attempt,
            long startNanos,
            CompletableFuture<Result> result) {
        int status = response.statusCode();
        switch (ResponseClassifier.classify(status)) {
            case SUCCESS:
                result.complete(new Delivered(attempt));
                return;
            case REJECT:
                result.complete(new Rejected(status, truncate(response.body(), MAX_REPORTED_BODY_CHARS), attempt));
                return;
            case RETRY:
            default:
                Optional<Duration> retryAfter = ResponseClassifier.parseRetryAfter(
                        response.headers().firstValue("Retry-After").orElse(null), Instant.now());
                String reason = "HTTP " + status + ": " + truncate(response.body(), 200);
                retryOrGiveUp(request, attempt, startNanos, result, retryAfter, reason, null);
        }
    }

    private void onError(
            Throwable error, HttpRequest request, int attempt, long startNanos, CompletableFuture<Result> result) {
        if (!ResponseClassifier.isRetryable(error)) {
            result.completeExceptionally(unexpected(error));
            return;
        }
        retryOrGiveUp(request, attempt, startNanos, result, Optional.empty(), describe(error), error);
    }

    private void retryOrGiveUp(
            HttpRequest request,
            int attempt,
            long startNanos,
            CompletableFuture<Result> result,
            Optional<Duration> retryAfter,
            String reason,
            Throwable cause) {
        long elapsed = System.nanoTime() - startNanos;
        long remaining = config.maxRetryDuration().toNanos() - elapsed;
        if (remaining <= 0) {
            String message = String.format(
                    "Prometheus remote write to %s failed: gave up after %d attempts in %d ms (max retry duration %s); "
                            + "last failure: %s",
                    config.endpoint(),
                    attempt,
                    TimeUnit.NANOSECONDS.toMillis(elapsed),
                    config.maxRetryDuration(),
                    reason);
            listener.onGiveUp();
            long giveUps = giveUpWarning.record();
            if (giveUps > 0) {
                LOG.warn(
                        "{} ({} give-ups since the last such line); the job fails and restarts from its last checkpoint",
                        message,
                        giveUps);
            }
            result.completeExceptionally(new RemoteWriteException(message, cause));
            return;
        }
        Duration delay = retryAfter.orElseGet(
                () -> config.backoff().delayBeforeRetry(attempt, ThreadLocalRandom.current()::nextDouble));
        long delayNanos = Math.min(delay.toNanos(), remaining);
        listener.onRetry(attempt, Duration.ofNanos(delayNanos), reason);
        long retries = retryWarning.record();
        if (retries > 0) {
            LOG.warn(
                    "Remote write to {} is failing ({}): {} retries since the last such line; each request is"
                            + " retried for up to {} (remote-write.max-retry-duration), then the job fails",
                    config.endpoint(),
                    reason,
                    retries,
                    config.maxRetryDuration());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "Remote write to {} failed ({}); retry {} in {} ms",
                    config.endpoint(),
                    reason,
                    attempt,
                    TimeUnit.NANOSECONDS.toMillis(delayNanos));
        }
        try {
            retryScheduler.schedule(
                    () -> attempt(request, attempt + 1, startNanos, result), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RemoteWriteException(
                    "remote-write client for " + config.endpoint() + " was closed with a request pending", e));
        }
    }

    private RemoteWriteException unexpected(Throwable error) {
        return new RemoteWriteException(
                "Prometheus remote write to " + config.endpoint() + " failed with an unexpected error: " + error,
                error);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Exception text with its causes, since e.g. {@code ConnectException} often has no message. */
    private static String describe(Throwable error) {
        StringBuilder sb = new StringBuilder(error.toString());
        for (Throwable c = error.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" <- ").append(c);
        }
        return sb.toString();
    }

    /** {@code s} cut to {@code maxChars} with a marker saying how much was cut; null as empty. */
    public static String truncate(String s, int maxChars) {
        if (s == null) {
            return "";
        }
        return s.length() <= maxChars
                ? s
                : s.substring(0, maxChars) + "...(" + (s.length() - maxChars) + " more chars)";
    }

    /** Stops retries and the client's threads; pending requests fail. */
    @Override
    public void close() {
        closed = true;
        retryScheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
