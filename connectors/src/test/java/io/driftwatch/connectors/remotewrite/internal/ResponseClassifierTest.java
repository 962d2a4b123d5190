package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.remotewrite.internal.ResponseClassifier.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseClassifierTest {

    @ParameterizedTest
    @CsvSource({
        "200, SUCCESS",
        "204, SUCCESS",
        "299, SUCCESS",
        "429, RETRY",
        "500, RETRY",
        "502, RETRY",
        "503, RETRY",
        "504, RETRY",
        "599, RETRY",
        "400, REJECT",
        "401, REJECT",
        "403, REJECT",
        "404, REJECT",
        "408, REJECT",
        "409, REJECT",
        "413, REJECT",
        "422, REJECT",
        "100, REJECT",
        "301, REJECT",
        "307, REJECT",
        "600, REJECT",
    })
    void classifiesStatuses(int status, Outcome expected) {
        assertEquals(expected, ResponseClassifier.classify(status));
    }

    @Test
    void retriesIoErrorsOnly() {
        assertTrue(ResponseClassifier.isRetryable(new ConnectException()));
        assertTrue(ResponseClassifier.isRetryable(new HttpTimeoutException("timed out")));
        assertTrue(ResponseClassifier.isRetryable(new SSLHandshakeException("PKIX")));
        assertTrue(ResponseClassifier.isRetryable(new IOException("reset")));
        assertFalse(ResponseClassifier.isRetryable(new IllegalArgumentException("bad header")));
        assertFalse(ResponseClassifier.isRetryable(new NullPointerException()));
    }

    @Test
    void parsesRetryAfterSecondsAndDates() {
        Instant now = Instant.parse("2015-10-21T07:27:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(120)), ResponseClassifier.parseRetryAfter("120", now));
        assertEquals(Optional.of(Duration.ofSeconds(0)), ResponseClassifier.parseRetryAfter(" 0 ", now));
        assertEquals(
                Optional.of(Duration.ofSeconds(60)),
                ResponseClassifier.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now));
        assertEquals(
                Optional.of(Duration.ZERO), ResponseClassifier.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now));
        assertEquals(Optional.empty(), ResponseClassifier.parseRetryAfter(null, now));
        assertEquals(Optional.empty(), ResponseClassifier.parseRetryAfter("", now));
        assertEquals(Optional.empty(), ResponseClassifier.parseRetryAfter("-5", now));
        assertEquals(Optional.empty(), ResponseClassifier.parseRetryAfter("soon", now));
        assertEquals(Optional.empty(), ResponseClassifier.parseRetryAfter("99999999999999999999999", now));
    }
}
