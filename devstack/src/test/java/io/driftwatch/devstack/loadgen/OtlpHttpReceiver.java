package io.driftwatch.devstack.loadgen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * The OTLP/HTTP receiver side of a collector (protobuf, {@code /v1/metrics} and {@code /v1/traces}
 * on loopback, any free port), for tests of the load generator's collector mode: keeps every
 * request it decoded with opentelemetry-proto and answers as the collector's otlp receiver does (200
 * with an empty protobuf response), or 400 to metrics when told to refuse them.
 */
final class OtlpHttpReceiver implements AutoCloseable {

    final List<ExportMetricsServiceRequest> metrics = new ArrayList<>();
    final List<ExportTraceServiceRequest> traces = new ArrayList<>();
    /** Content-Type and User-Agent headers seen. */
    final Set<String> headers = new TreeSet<>();

    volatile boolean refuseMetrics;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private OtlpHttpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpHttpReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OtlpHttpReceiver r = new OtlpHttpReceiver(server);
        server.createContext("/v1/metrics", r::metrics);
        server.createContext("/v1/traces", r::traces);
        server.setExecutor(r.executor);
        server.start();
        return r;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (refuseMetrics) {
            answer(exchange, 400, new byte[0]);
            return;
        }
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body(exchange));
        synchronized (this) {
            metrics.add(request);
        }
        answer(exchange, 200, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
    }

    private void traces(HttpExchange exchange) throws IOException {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body(exchange));
        synchronized (this) {
            traces.add(request);
        }
        answer(exchange, 200, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    }

    private byte[] body(HttpExchange exchange) throws IOException {
        synchronized (this) {
            headers.add("Content-Type: " + exchange.getRequestHeaders().getFirst("Content-Type"));
            headers.add("User-Agent: " + exchange.getRequestHeaders().getFirst("User-Agent"));
        }
        try (InputStream in = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(exchange.getRequestBody())
                : exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
