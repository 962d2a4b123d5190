package io.driftwatch.devstack;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.driftwatch.devstack.servers.PromPoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.xerial.snappy.Snappy;

/**
 * A Prometheus remote-write endpoint on the loopback interface in front of a real one (VictoriaMetrics):
 * it forwards every request unchanged, answers with the target's status and body, and keeps the
 * samples of every request the target accepted exactly as they were sent (the snappy-compressed
 * remote-write 1.0 {@code WriteRequest} decoded here from the protocol's definition): the doubles bit
 * for bit, which VictoriaMetrics' decimal storage (about 12 significant digits) does not return.
 */
public final class RemoteWriteRecorder implements AutoCloseable {

    private static final List<String> FORWARDED_HEADERS =
            List.of("Content-Encoding", "Content-Type", "User-Agent", "X-Prometheus-Remote-Write-Version");

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI target;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Map<String, String>, List<PromPoint>> samples = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private long requests;

    private RemoteWriteRecorder(HttpServer server, ExecutorService executor, URI target) {
        this.server = server;
        this.executor = executor;
        this.target = target;
    }

    /** Listens on a free loopback port and forwards to {@code target} (e.g. VictoriaMetrics' {@code /api/v1/write}). */
    public static RemoteWriteRecorder start(URI target) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        RemoteWriteRecorder recorder = new RemoteWriteRecorder(server, executor, target);
        server.createContext("/api/v1/write", recorder::handle);
        server.setExecutor(executor);
        server.start();
        return recorder;
    }

    /** The endpoint to give the job's {@code remote-write.url}. */
    public URI writeUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    /**
     * Every sample of the accepted requests, by series (the label set, {@code __name__} included), each
     * series' samples ordered by timestamp; a sample sent twice appears twice.
     */
    public synchronized Map<Map<String, String>, List<PromPoint>> samples() {
        Map<Map<String, String>, List<PromPoint>> copy = new HashMap<>();
        samples.forEach((labels, points) -> {
            List<PromPoint> sorted = new ArrayList<>(points);
            sorted.sort(Comparator.comparingLong(PromPoint::timestampMs));
            copy.put(labels, List.copyOf(sorted));
        });
        return copy;
    }

    /** Requests the target accepted. */
    public synchronized long requests() {
        return requests;
    }

    /** Requests that could not be decoded or forwarded (the job saw a 502 for each). */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<Series> decoded = decode(Snappy.uncompress(body));
            HttpRequest.Builder forward = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : FORWARDED_HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    forward.header(header, value);
                }
            }
            HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 == 2) {
                record(decoded);
            }
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        } catch (Exception e) {
            synchronized (this) {
                failures.add(e.toString());
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(502, -1);
        } finally {
            exchange.close();
        }
    }

    private synchronized void record(List<Series> decoded) {
        requests++;
        for (Series s : decoded) {
            samples.computeIfAbsent(s.labels(), l -> new ArrayList<>()).addAll(s.points());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- remote-write 1.0: WriteRequest { repeated TimeSeries timeseries = 1; }, TimeSeries { repeated
    // Label labels = 1; repeated Sample samples = 2; }, Label { string name = 1; string value = 2; },
    // Sample { double value = 1; int64 timestamp = 2; }

    private record Series(Map<String, String> labels, List<PromPoint> points) {}

    static List<Series> decode(byte[] protobuf) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(protobuf);
        List<Series> series = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            expect(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED, "WriteRequest");
            series.add(timeSeries(in.readByteArray()));
        }
        return series;
    }

    private static Series timeSeries(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        Map<String, String> labels = new TreeMap<>();
        List<PromPoint> points = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                expect(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED, "TimeSeries");
                CodedInputStream label = CodedInputStream.newInstance(in.readByteArray());
                String name = "";
                String value = "";
                for (int t = label.readTag(); t != 0; t = label.readTag()) {
                    if (WireFormat.getTagFieldNumber(t) == 1) {
                        expect(t, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED, "Label");
                        name = label.readStringRequireUtf8();
                    } else {
                        expect(t, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED, "Label");
                        value = label.readStringRequireUtf8();
                    }
                }
                if (labels.put(name, value) != null) {
                    throw new IOException("label " + name + " twice in one series");
                }
            } else {
                expect(tag, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED, "TimeSeries");
                CodedInputStream sample = CodedInputStream.newInstance(in.readByteArray());
                double value = 0;
                long timestamp = 0;
                for (int t = sample.readTag(); t != 0; t = sample.readTag()) {
                    if (WireFormat.getTagFieldNumber(t) == 1) {
                        expect(t, 1, WireFormat.WIRETYPE_FIXED64, "Sample");
                        value = sample.readDouble();
                    } else {
                        expect(t, 2, WireFormat.WIRETYPE_VARINT, "Sample");
                        timestamp = sample.readInt64();
                    }
                }
                points.add(new PromPoint(timestamp, value));
            }
        }
        return new Series(Map.copyOf(labels), points);
    }

    private static void expect(int tag, int field, int wireType, String message) throws IOException {
        if (WireFormat.getTagFieldNumber(tag) != field || WireFormat.getTagWireType(tag) != wireType) {
            throw new IOException("unexpected field " + WireFormat.getTagFieldNumber(tag) + " of wire type "
                    + WireFormat.getTagWireType(tag) + " in a " + message);
        }
    }
}
