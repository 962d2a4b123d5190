package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.ScriptedHttpServer;
import io.driftwatch.connectors.remotewrite.ScriptedHttpServer.Response;
import io.driftwatch.connectors.remotewrite.WriteRequestDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Bisection of refused requests against a JDK HTTP server that judges samples like Prometheus' receiver:
 * it refuses a whole request with 400 naming the first bad sample, where bad is a listed value or a
 * timestamp not after the series' latest stored one, and stores nothing of a refused request.
 */
class BatchDeliveryTest {

    private static final SeriesLabelsFactory NO_EXTRAS = SeriesLabelsFactory.withExtraLabels(Map.of());

    /** A Prometheus-like receiver: per series the latest stored timestamp; everything it stored, in order. */
    static final class StrictReceiver {
        final Set<Double> poisoned;
        final Map<String, Long> latest = new HashMap<>();
        final List<String> stored = new ArrayList<>();

        StrictReceiver(Set<Double> poisoned) {
            this.poisoned = poisoned;
        }

        synchronized Response judge(ScriptedHttpServer.Request request) {
            try {
                Map<String, Long> after = new HashMap<>(latest);
                List<String> accepted = new ArrayList<>();
                for (WriteRequestDecoder.TimeSeries ts : WriteRequestDecoder.decodeSnappy(request.body())) {
                    String series = ts.label("s");
                    for (WriteRequestDecoder.Sample s : ts.samples()) {
                        if (poisoned.contains(s.value())) {
                            return Response.of(400, "bad value " + s.value() + " in series " + series);
                        }
                        if (s.timestampMs() <= after.getOrDefault(series, Long.MIN_VALUE)) {
                            return Response.of(400, "out of order sample in series " + series);
                        }
                        after.put(series, s.timestampMs());
                        accepted.add(key(series, s.timestampMs(), s.value()));
                    }
                }
                latest.putAll(after);
                stored.addAll(accepted);
                return Response.of(204);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String key(String series, long t, double v) {
        return series + "@" + t + "=" + v;
    }

    static String key(RemoteWriteEntry e) {
        return key(e.series().value(1), e.timestampMs(), e.value());
    }

    /** {@code n} samples over 5 series, value i at time 1000·i, in a shuffled (seeded) arrival order. */
    static List<RemoteWriteEntry> entries(int n) {
        List<RemoteWriteEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new RemoteWriteEntry(NO_EXTRAS.create("m", Labels.of("s", "s" + i % 5)), 1000L * i, i));
        }
        Collections.shuffle(entries, new Random(42));
        return entries;
    }

    private final AtomicInteger splits = new AtomicInteger();

    private BatchDelivery.Outcome deliver(ScriptedHttpServer server, List<RemoteWriteEntry> entries) throws Exception {
        RemoteWriteClientConfig config = new RemoteWriteClientConfig(
                URI.create(server.url("/api/v1/write")),
                null,
                null,
                Duration.ofSeconds(5),
                new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(50), false),
                Duration.ofSeconds(10),
                "driftwatch-test/1");
        try (RemoteWriteSender sender = new RemoteWriteSender(config, new RemoteWriteSender.Listener() {
            @Override
            public void onAttempt() {}

            @Override
            public void onRetry(int retry, Duration delay, String reason) {}
        })) {
            return new BatchDelivery(sender, (samples, status, body) -> splits.incrementAndGet())
                    .deliver(entries)
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void isolatesTheRefusedSamplesAndDeliversEveryOtherSampleOnce() throws Exception {
        List<RemoteWriteEntry> entries = entries(100);
        StrictReceiver receiver = new StrictReceiver(Set.of(17.0, 60.0));
        try (ScriptedHttpServer server = ScriptedHttpServer.http().otherwise(receiver::judge)) {
            BatchDelivery.Outcome outcome = deliver(server, entries);

            List<String> refused = new ArrayList<>();
            for (BatchDelivery.Refused r : outcome.refused()) {
                assertEquals(400, r.statusCode());
                assertEquals(1, r.entries().size(), "isolated down to single samples");
                RemoteWriteEntry e = r.entries().get(0);
                assertEquals(
                        "bad value " + e.value() + " in series " + e.series().value(1), r.responseBody());
                refused.add(key(e));
            }
            assertEquals(
                    List.of(key("s0", 60_000, 60.0), key("s2", 17_000, 17.0)),
                    refused.stream().sorted().toList());
            List<String> good = entries.stream()
                    .filter(e -> e.value() != 17 && e.value() != 60)
                    .map(BatchDeliveryTest::key)
                    .sorted()
                    .toList();
            // the halves never made each other out of order: every good sample stored, once
            assertEquals(good, receiver.stored.stream().sorted().toList());
            assertEquals(98, outcome.delivered());
            assertEquals(server.requests().size(), outcome.requests());
            int bound = 1 + 2 * 2 * 7; // 1 + 2k⌈log2 n⌉, k = 2, n = 100
            assertTrue(outcome.requests() <= bound, outcome.requests() + " requests, bound " + bound);
            assertEquals((outcome.requests() - 1) / 2, splits.get(), "each split sends two requests");
        }
    }

    @Test
    void aBatchRefusedSampleBySampleTakesTwoNMinusOneRequests() throws Exception {
        List<RemoteWriteEntry> entries = entries(8);
        Set<Double> all = Set.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0);
        try (ScriptedHttpServer server = ScriptedHttpServer.http().otherwise(new StrictReceiver(all)::judge)) {
            BatchDelivery.Outcome outcome = deliver(server, entries);
            assertEquals(15, server.requests().size());
            assertEquals(15, outcome.requests());
            assertEquals(0, outcome.delivered());
            assertEquals(8, outcome.refused().size());
            assertEquals(7, splits.get());
        }
    }

    @Test
    void otherRejectionsRefuseTheBatchWholeWithoutSplitting() throws Exception {
        List<RemoteWriteEntry> entries = entries(10);
        try (ScriptedHttpServer server = ScriptedHttpServer.http().otherwise(r -> Response.of(422, "unprocessable"))) {
            BatchDelivery.Outcome outcome = deliver(server, entries);
            assertEquals(1, server.requests().size());
            assertEquals(1, outcome.refused().size());
            assertEquals(entries, outcome.refused().get(0).entries());
            assertEquals("unprocessable", outcome.refused().get(0).responseBody());
            assertEquals(0, splits.get());
        }
    }
}
