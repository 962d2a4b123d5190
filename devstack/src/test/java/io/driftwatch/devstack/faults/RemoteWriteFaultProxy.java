package io.driftwatch.devstack.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A remote-write endpoint on the loopback interface in front of a real one (VictoriaMetrics) that
 * forwards every request unchanged, except during a fault window: then it answers 503 and 429 in turn,
 * each with a {@code Retry-After} of {@value #RETRY_AFTER_SECONDS} seconds (as delay-seconds for 503, as
 * an HTTP-date for 429), and forwards nothing. It notes when each distinct request body was refused,
 * so a test can check how long the client waited before trying it again.
 */
public final class RemoteWriteFaultProxy implements AutoCloseable {

    static final int RETRY_AFTER_SECONDS = 2;

    private static final List<String> FORWARDED_HEADERS =
            List.of("Content-Encoding", "Content-Type", "User-Agent", "X-Prometheus-Remote-Write-Version");

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI target;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Per body (by content) that was refused at least once, the nano times of all its attempts from then on. */
    private final Map<Body, List<Long>> refusals = new HashMap<>();

    private long forwarded;
    private long refused;
    private long faultUntilNanos = Long.MIN_VALUE;

    private record Body(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Body b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private RemoteWriteFaultProxy(HttpServer server, ExecutorService executor, URI target) {
        this.server = server;
        this.executor = executor;
        this.target = target;
    }

    /** Listens on a free loopback port and forwards to {@code target}. */
    public static RemoteWriteFaultProxy start(URI target) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(8);
        RemoteWriteFaultProxy proxy = new RemoteWriteFaultProxy(server, executor, target);
        server.createContext("/api/v1/write", proxy::handle);
        server.setExecutor(executor);
        server.start();
        return proxy;
    }

    public URI writeUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    /** From now on, for {@code length}, answers 503/429 with Retry-After instead of forwarding. */
    public synchronized void startFault(Duration length) {
        faultUntilNanos = System.nanoTime() + length.toNanos();
    }

    public synchronized boolean inFault() {
        return System.nanoTime() < faultUntilNanos;
    }

    /** Requests forwarded and answered 2xx by the target. */
    public synchronized long forwarded() {
        return forwarded;
    }

    /** Requests answered with 503 or 429. */
    public synchronized long refused() {
        return refused;
    }

    /** The shortest time between a refusal and the next attempt of the same body. */
    public synchronized Duration shortestWaitAfterRefusal() {
        long shortest = Long.MAX_VALUE;
        for (List<Long> times : refusals.values()) {
            for (int i = 1; i < times.size(); i++) {
                shortest = Math.min(shortest, times.get(i) - times.get(i - 1));
            }
        }
        return Duration.ofNanos(shortest);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long now = System.nanoTime();
            String retryAfter = null;
            int status = 0;
            synchronized (this) {
                Body key = new Body(body);
                boolean fault = now < faultUntilNanos;
                List<Long> times = refusals.get(key);
                if (times != null) {
                    times.add(now); // another attempt of a refused body
                } else if (fault) {
                    refusals.put(key, new ArrayList<>(List.of(now)));
                }
                if (fault) {
                    refused++;
                    status = refused % 2 == 0 ? 503 : 429;
                    retryAfter = status == 503
                            ? Integer.toString(RETRY_AFTER_SECONDS)
                            : DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                    ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(RETRY_AFTER_SECONDS + 1));
                }
            }
            if (status != 0) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : FORWARDED_HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    forward.header(header, value);
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            if (response.statusCode() / 100 == 2) {
                synchronized (this) {
                    forwarded++;
                }
            }
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
