package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.RemoteWriteException;
import io.driftwatch.connectors.remotewrite.ScriptedHttpServer;
import io.driftwatch.connectors.remotewrite.ScriptedHttpServer.Response;
import io.driftwatch.connectors.remotewrite.TestCertificates;
import io.driftwatch.connectors.remotewrite.WriteRequestDecoder;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP client against a real (JDK) HTTP server playing the receiver. */
class RemoteWriteSenderTest {

    private static final RetryBackoff FAST = new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(50), false);

    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();

    private RemoteWriteSender sender(String url, String authorization, TlsMaterial tls, Duration maxRetryDuration)
            throws Exception {
        RemoteWriteClientConfig config = new RemoteWriteClientConfig(
                URI.create(url),
                authorization,
                tls,
                Duration.ofSeconds(5),
                FAST,
                maxRetryDuration,
                "driftwatch-test/1");
        return new RemoteWriteSender(config, new RemoteWriteSender.Listener() {
            @Override
            public void onAttempt() {
                attempts.incrementAndGet();
            }

            @Override
            public void onRetry(int retry, Duration delay, String reason) {
                retries.incrementAndGet();
            }
        });
    }

    private static byte[] body() throws Exception {
        SeriesLabels series = SeriesLabelsFactory.withExtraLabels(Map.of()).create("m", Labels.of("a", "1"));
        return WriteRequestEncoder.encodeCompressed(List.of(new RemoteWriteEntry(series, 1000, 2.5)));
    }

    private static RemoteWriteSender.Result await(RemoteWriteSender sender, byte[] body) throws Exception {
        return sender.send(body).get(30, TimeUnit.SECONDS);
    }

    private static RemoteWriteException awaitFailure(RemoteWriteSender sender, byte[] body) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(sender, body));
        return assertInstanceOf(RemoteWriteException.class, e.getCause());
    }

    @Test
    void sendsTheRemoteWriteHeadersAndBody() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.http();
                RemoteWriteSender sender =
                        sender(server.url("/api/v1/write"), "Basic dTpw", null, Duration.ofSeconds(5))) {
            byte[] body = body();
            RemoteWriteSender.Result result = await(sender, body);

            assertInstanceOf(RemoteWriteSender.Delivered.class, result);
            assertEquals(1, result.attempts());
            ScriptedHttpServer.Request request = server.requests().get(0);
            assertEquals("POST", request.method());
            assertEquals("/api/v1/write", request.path());
            assertEquals("snappy", request.headers().getFirst("Content-Encoding"));
            assertEquals("application/x-protobuf", request.headers().getFirst("Content-Type"));
            assertEquals("0.1.0", request.headers().getFirst("X-Prometheus-Remote-Write-Version"));
            assertEquals("driftwatch-test/1", request.headers().getFirst("User-Agent"));
            assertEquals("Basic dTpw", request.headers().getFirst("Authorization"));
            List<WriteRequestDecoder.TimeSeries> decoded = WriteRequestDecoder.decodeSnappy(request.body());
            assertEquals("m", decoded.get(0).label("__name__"));
            assertEquals(
                    List.of(new WriteRequestDecoder.Sample(2.5, 1000)),
                    decoded.get(0).samples());
        }
    }

    @Test
    void retries5xxUntilSuccessResendingTheSameBytes() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.http()
                        .enqueue(Response.of(503, "overloaded"), Response.of(500), Response.of(502));
                RemoteWriteSender sender = sender(server.url("/api/v1/write"), null, null, Duration.ofSeconds(10))) {
            byte[] body = body();
            RemoteWriteSender.Result result = await(sender, body);

            assertInstanceOf(RemoteWriteSender.Delivered.class, result);
            assertEquals(4, result.attempts());
            assertEquals(4, server.requests().size());
            assertEquals(4, attempts.get());
            assertEquals(3, retries.get());
            for (ScriptedHttpServer.Request r : server.requests()) {
                assertTrue(java.util.Arrays.equals(body, r.body()));
            }
        }
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        try (ScriptedHttpServer server =
                        ScriptedHttpServer.http().enqueue(new Response(429, Map.of("Retry-After", "1"), "slow down"));
                RemoteWriteSender sender = sender(server.url("/api/v1/write"), null, null, Duration.ofSeconds(10))) {
            RemoteWriteSender.Result result = await(sender, body());

            assertInstanceOf(RemoteWriteSender.Delivered.class, result);
            List<ScriptedHttpServer.Request> requests = server.requests();
            assertEquals(2, requests.size());
            long gapMs = TimeUnit.NANOSECONDS.toMillis(
                    requests.get(1).receivedNanos() - requests.get(0).receivedNanos());
            assertTrue(gapMs >= 950, "waited only " + gapMs + " ms despite Retry-After: 1 (backoff is 10 ms)");
        }
    }

    @Test
    void rejectsOther4xxWithoutRetry() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.http().enqueue(Response.of(400, "cannot parse labels"));
                RemoteWriteSender sender = sender(server.url("/api/v1/write"), null, null, Duration.ofSeconds(10))) {
            RemoteWriteSender.Result result = await(sender, body());

            RemoteWriteSender.Rejected rejected = assertInstanceOf(RemoteWriteSender.Rejected.class, result);
            assertEquals(400, rejected.statusCode());
            assertEquals("cannot parse labels", rejected.responseBody());
            assertEquals(1, rejected.attempts());
            assertEquals(1, server.requests().size());
            assertEquals(0, retries.get());
        }
    }

    @Test
    void truncatesLongRejectionBodies() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.http().enqueue(Response.of(413, "x".repeat(10_000)));
                RemoteWriteSender sender = sender(server.url("/api/v1/write"), null, null, Duration.ofSeconds(10))) {
            RemoteWriteSender.Rejected rejected = (RemoteWriteSender.Rejected) await(sender, body());
            assertTrue(
                    rejected.responseBody().startsWith("x".repeat(RemoteWriteSender.MAX_REPORTED_BODY_CHARS) + "..."));
            assertTrue(rejected.responseBody().endsWith("(7952 more chars)"), rejected.responseBody());
        }
    }

    @Test
    void givesUpAfterTheMaxRetryDurationNamingTheUrlAndLastStatus() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.http().otherwise(r -> Response.of(503, "still down"));
                RemoteWriteSender sender = sender(server.url("/api/v1/write"), null, null, Duration.ofMillis(400))) {
            long start = System.nanoTime();
            RemoteWriteException e = awaitFailure(sender, body());
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(e.getMessage().contains(server.url("/api/v1/write")), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 503: still down"), e.getMessage());
            assertTrue(elapsedMs >= 400 && elapsedMs < 10_000, "elapsed " + elapsedMs);
            assertTrue(server.requests().size() >= 5, "backoff capped at 50 ms allows several attempts in 400 ms");
            assertEquals(server.requests().size(), attempts.get());
        }
    }

    @Test
    void unreachableEndpointFailsNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port + "/api/v1/write";
        try (RemoteWriteSender sender = sender(url, null, null, Duration.ofMillis(300))) {
            RemoteWriteException e = awaitFailure(sender, body());
            assertTrue(e.getMessage().contains(url), e.getMessage());
            assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
            assertTrue(retries.get() >= 1);
        }
    }

    @Test
    void zeroMaxRetryDurationMeansOneAttempt() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.http().otherwise(r -> Response.of(503));
                RemoteWriteSender sender = sender(server.url("/api/v1/write"), null, null, Duration.ZERO)) {
            awaitFailure(sender, body());
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void httpsWithCustomCaInsecureModeAndClientCertificate(@TempDir Path dir) throws Exception {
        TestCertificates.Material serverCert = TestCertificates.selfSigned(dir, "server");
        TestCertificates.Material clientCert = TestCertificates.selfSigned(dir, "client");
        SSLContext serverContext = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(serverCert.load(), TestCertificates.PASSWORD);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("client", clientCert.load().getCertificate("main"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        serverContext.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        try (ScriptedHttpServer server = ScriptedHttpServer.https(serverContext, false)) {
            String url = server.url("/api/v1/write");
            try (RemoteWriteSender s = sender(
                    url, null, TlsMaterial.fromFiles(serverCert.certificatePem(), null, null, false), Duration.ZERO)) {
                assertInstanceOf(RemoteWriteSender.Delivered.class, await(s, body()));
            }
            try (RemoteWriteSender s =
                    sender(url, null, TlsMaterial.fromFiles(null, null, null, true), Duration.ZERO)) {
                assertInstanceOf(RemoteWriteSender.Delivered.class, await(s, body()));
            }
            try (RemoteWriteSender s = sender(url, null, null, Duration.ZERO)) {
                RemoteWriteException e = awaitFailure(s, body());
                assertInstanceOf(SSLHandshakeException.class, e.getCause(), "JVM trust store does not know the server");
            }
        }
        try (ScriptedHttpServer server = ScriptedHttpServer.https(serverContext, true)) {
            String url = server.url("/api/v1/write");
            TlsMaterial mutual = TlsMaterial.fromFiles(
                    serverCert.certificatePem(), clientCert.certificatePem(), clientCert.privateKeyPem(), false);
            try (RemoteWriteSender s = sender(url, null, mutual, Duration.ZERO)) {
                assertInstanceOf(RemoteWriteSender.Delivered.class, await(s, body()));
            }
            try (RemoteWriteSender s = sender(
                    url, null, TlsMaterial.fromFiles(serverCert.certificatePem(), null, null, false), Duration.ZERO)) {
                awaitFailure(s, body()); // the server requires a client certificate
            }
            assertEquals(1, server.requests().size());
        }
    }
}
