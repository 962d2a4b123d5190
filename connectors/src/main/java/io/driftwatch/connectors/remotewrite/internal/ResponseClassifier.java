package io.driftwatch.connectors.remotewrite.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What to do with the outcome of one remote-write HTTP attempt, following Prometheus' own remote
 * write client: 2xx is success; 5xx and 429 (Too Many Requests) are transient and retried;
 * everything else (other 4xx, and 1xx/3xx since redirects are not followed) means the receiver will
 * never accept this request, so it is rejected without retry. Exceptions are retried when they are
 * I/O errors (connection refused or reset, timeouts, TLS failures) and fatal otherwise.
 */
public final class ResponseClassifier {

    /** The decision for one attempt. */
    public enum Outcome {
        SUCCESS,
        RETRY,
        REJECT
    }

    private ResponseClassifier() {}

    public static Outcome classify(int statusCode) {
        if (statusCode >= 200 && statusCode < 300) {
            return Outcome.SUCCESS;
        }
        if (statusCode == 429 || (statusCode >= 500 && statusCode < 600)) {
            return Outcome.RETRY;
        }
        return Outcome.REJECT;
    }

    public static boolean isRetryable(Throwable error) {
        return error instanceof IOException;
    }

    /**
     * Parses a {@code Retry-After} header: either delay-seconds ({@code "120"}) or an HTTP-date
     * ({@code "Wed, 21 Oct 2015 07:28:00 GMT"}, relative to {@code now}, never negative).
     *
     * @return empty when the header is absent or malformed
     */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // more digits than a long holds
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
