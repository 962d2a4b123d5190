package io.driftwatch.connectors.remotewrite;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A minimal HTTP(S) peer for protocol tests: answers each request with the next scripted response
 * (then with the fallback), and records every request it received.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    /** One scripted answer. */
    public record Response(int status, Map<String, String> headers, String body) {
        public static Response of(int status) {
            return new Response(status, Map.of(), "");
        }

        public static Response of(int status, String body) {
            return new Response(status, Map.of(), body);
        }
    }

    /** One received request and the status it was answered with. */
    public record Request(String method, String path, Headers headers, byte[] body, long receivedNanos, int status) {
        Request withStatus(int answered) {
            return new Request(method, path, headers, body, receivedNanos, answered);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<Request, Response> fallback = r -> Response.of(204);

    private ScriptedHttpServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public static ScriptedHttpServer http() throws IOException {
        return new ScriptedHttpServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** An HTTPS server with the given context; requires a client certificate if {@code needClientAuth}. */
    public static ScriptedHttpServer https(SSLContext context, boolean needClientAuth) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(ssl);
            }
        });
        return new ScriptedHttpServer(server);
    }

    public String url(String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public ScriptedHttpServer enqueue(Response... responses) {
        script.addAll(List.of(responses));
        return this;
    }

    /** The answer once the script is used up; default 204. */
    public ScriptedHttpServer otherwise(Function<Request, Response> fallback) {
        this.fallback = fallback;
        return this;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes(),
                    System.nanoTime(),
                    0);
            Response response = script.poll();
            if (response == null) {
                response = fallback.apply(request);
            }
            requests.add(request.withStatus(response.status()));
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
