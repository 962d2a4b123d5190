package io.driftwatch.connectors.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class PrometheusRemoteWriteSinkBuilderTest {

    private static final String URL = "http://127.0.0.1:8428/api/v1/write";

    private static void assertFails(Class<? extends Throwable> type, String messagePart, Executable action) {
        Throwable t = assertThrows(type, action);
        assertTrue(
                t.getMessage().contains(messagePart), "message '" + t.getMessage() + "' lacks '" + messagePart + "'");
    }

    @Test
    void buildsWithDefaultsAndIsSerializable() throws Exception {
        PrometheusRemoteWriteSink sink =
                PrometheusRemoteWriteSink.builder().setEndpoint(URL).build();
        assertEquals(URL, sink.endpoint());
        PrometheusRemoteWriteSink copy = InstantiationUtil.clone(sink);
        assertEquals(URL, copy.endpoint());
    }

    @Test
    void endpointIsRequiredAndValidated() {
        assertFails(
                IllegalStateException.class,
                "setEndpoint",
                () -> PrometheusRemoteWriteSink.builder().build());
        assertFails(
                IllegalArgumentException.class,
                "http:// or https://",
                () -> PrometheusRemoteWriteSink.builder().setEndpoint("ftp://host/x"));
        assertFails(
                IllegalArgumentException.class,
                "http:// or https://",
                () -> PrometheusRemoteWriteSink.builder().setEndpoint("localhost:8428/api/v1/write"));
        assertFails(
                IllegalArgumentException.class,
                "not a valid URL",
                () -> PrometheusRemoteWriteSink.builder().setEndpoint("http://host:8428/a b"));
        assertFails(
                IllegalArgumentException.class,
                "no host",
                () -> PrometheusRemoteWriteSink.builder().setEndpoint("http:///api/v1/write"));
        assertFails(
                IllegalArgumentException.class,
                "setBasicAuth",
                () -> PrometheusRemoteWriteSink.builder().setEndpoint("http://user:pw@host/api/v1/write"));
        assertFails(
                IllegalArgumentException.class,
                "fragment",
                () -> PrometheusRemoteWriteSink.builder().setEndpoint("http://host/api/v1/write#x"));
        PrometheusRemoteWriteSink.builder()
                .setEndpoint("HTTPS://vm.example.com/api/v1/write")
                .build();
    }

    @Test
    void basicAuthAndBearerTokenAreMutuallyExclusive() {
        assertFails(
                IllegalStateException.class,
                "mutually exclusive",
                () -> PrometheusRemoteWriteSink.builder()
                        .setEndpoint(URL)
                        .setBasicAuth("u", "p")
                        .setBearerToken("t")
                        .build());
        assertFails(
                IllegalArgumentException.class,
                "':'",
                () -> PrometheusRemoteWriteSink.builder().setBasicAuth("a:b", "p"));
        assertFails(
                IllegalArgumentException.class,
                "whitespace",
                () -> PrometheusRemoteWriteSink.builder().setBearerToken("a b"));
        PrometheusRemoteWriteSink.builder()
                .setEndpoint(URL)
                .setBasicAuth("u", "")
                .build();
    }

    @Test
    void validatesExtraLabels() {
        assertFails(
                IllegalArgumentException.class,
                "dotted.name",
                () -> PrometheusRemoteWriteSink.builder().setExtraLabels(Map.of("dotted.name", "x")));
        assertFails(
                IllegalArgumentException.class,
                "empty value",
                () -> PrometheusRemoteWriteSink.builder().setExtraLabels(Map.of("a", "")));
    }

    @Test
    void validatesBatchingBounds() {
        assertFails(
                IllegalStateException.class,
                "maxBufferedRequests",
                () -> PrometheusRemoteWriteSink.builder()
                        .setEndpoint(URL)
                        .setMaxBatchSize(100)
                        .setMaxBufferedRequests(100)
                        .build());
        assertFails(
                IllegalStateException.class,
                "maxRecordSizeInBytes",
                () -> PrometheusRemoteWriteSink.builder()
                        .setEndpoint(URL)
                        .setMaxBatchSizeInBytes(1000)
                        .setMaxRecordSizeInBytes(2000)
                        .build());
        assertFails(
                IllegalStateException.class,
                "maxInFlightRequests",
                () -> PrometheusRemoteWriteSink.builder()
                        .setEndpoint(URL)
                        .setMaxInFlightRequests(0)
                        .build());
        // a larger batch raises the default buffer bound with it
        PrometheusRemoteWriteSink.builder()
                .setEndpoint(URL)
                .setMaxBatchSize(60_000)
                .build();
    }

    @Test
    void validatesDurations() {
        assertFails(
                IllegalArgumentException.class,
                "request timeout",
                () -> PrometheusRemoteWriteSink.builder().setRequestTimeout(Duration.ZERO));
        assertFails(
                IllegalArgumentException.class,
                "negative",
                () -> PrometheusRemoteWriteSink.builder().setMaxRetryDuration(Duration.ofSeconds(-1)));
        assertFails(
                IllegalStateException.class,
                "below the initial",
                () -> PrometheusRemoteWriteSink.builder()
                        .setEndpoint(URL)
                        .setRetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                        .build());
        PrometheusRemoteWriteSink.builder()
                .setEndpoint(URL)
                .setMaxRetryDuration(Duration.ZERO)
                .build();
    }

    @Test
    void tlsFilesAreReadAndValidatedAtBuild(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing-ca.pem");
        assertFails(
                IllegalArgumentException.class,
                missing.toString(),
                () -> PrometheusRemoteWriteSink.builder()
                        .setEndpoint("https://vm/api/v1/write")
                        .setTlsCaFile(missing)
                        .build());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        assertFails(
                IllegalArgumentException.class,
                "TLS",
                () -> PrometheusRemoteWriteSink.builder()
                        .setEndpoint("https://vm/api/v1/write")
                        .setTlsCaFile(garbage)
                        .build());
        assertFails(
                IllegalArgumentException.class,
                "contradict",
                () -> PrometheusRemoteWriteSink.builder()
                        .setEndpoint("https://vm/api/v1/write")
                        .setTlsCaFile(garbage)
                        .setTlsInsecureSkipVerify(true)
                        .build());
        Path rsaKey = Files.writeString(
                dir.resolve("key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        Path cert = TestCertificates.selfSigned(dir).certificatePem();
        assertFails(
                IllegalArgumentException.class,
                "openssl pkcs8",
                () -> PrometheusRemoteWriteSink.builder()
                        .setEndpoint("https://vm/api/v1/write")
                        .setTlsClientCertificate(cert, rsaKey)
                        .build());
        PrometheusRemoteWriteSink.builder()
                .setEndpoint("https://vm/api/v1/write")
                .setTlsCaFile(cert)
                .build();
    }
}
