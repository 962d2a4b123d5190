package io.driftwatch.devstack.loadgen;

import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Replays a {@link LoadScenario} through the OpenTelemetry Java SDK and writes what the Collector's
 * kafka exporter would write: each simulated service records into the SDK's real instruments (see
 * {@link SimulatedService}); at every export time its {@link OnDemandMetricReader} collects the
 * cumulative state and the SDK's own OTLP marshaler ({@link MetricsRequestMarshaler}, binary for
 * {@code otlp_proto}, OTLP/JSON for {@code otlp_json}) encodes it as one {@code
 * ExportMetricsServiceRequest} per resource, keyed by a hash of the resource's attributes (as with
 * {@code partition_metrics_by_resource_attributes}); the sampled spans go out through {@link
 * TraceRequestMarshaler}, one {@code ExportTraceServiceRequest} per trace, keyed by the trace id (as
 * with {@code partition_traces_by_id}).
 *
 * <p>The record keys have the exporter's properties (a function of the resource's attributes only,
 * 16 bytes; the trace id) but not its exact bytes: the collector hashes resource attributes with
 * its own xxHash-based map hash, this class with SHA-256 truncated to 16 bytes.
 *
 * <p>Collector mode ({@link OtlpHttpExport}): the same rounds hand the same collected metrics and
 * spans to the SDK's own OTLP/HTTP exporters instead, one request per service and round, and the
 * collector writes what this class otherwise writes itself.
 *
 * <p>Time: the providers run on a {@link SimulatedClock}. {@link #replay} steps it through the
 * scenario's event time as fast as the machine goes; {@link #live} follows the wall clock at a steady
 * record rate. Deterministic for a seed (replay).
 */
public final class LoadGenerator {

    private final LoadScenario scenario;
    private final OtlpRecordSink metrics;
    private final OtlpRecordSink spans;
    /** The collector mode's exporters; when set, {@link #metrics} and {@link #spans} are unused. */
    private final OtlpHttpExport otlp;

    private final SimulatedClock clock;
    private final List<SimulatedService> services = new ArrayList<>();
    private final Map<SimulatedService, byte[]> keys = new IdentityHashMap<>();
    private final ConfidenceTruth truth;
    private long metricRecords;

    private LoadGenerator(
            LoadScenario scenario, OtlpRecordSink metrics, OtlpRecordSink spans, OtlpHttpExport otlp, long startNanos) {
        this.scenario = scenario;
        this.metrics = metrics;
        this.spans = spans;
        this.otlp = otlp;
        this.truth = new ConfidenceTruth(scenario.truthInterval().toMillis());
        this.clock = new SimulatedClock(startNanos);
        int i = 0;
        for (SimulatedModel m : scenario.models()) {
            SimulatedService s =
                    new SimulatedService(m, clock, scenario.seed() * 1_000_003L + i++, scenario.spanSampleRatio());
            services.add(s);
            keys.put(s, resourceKey(s.resource()));
        }
    }

    /** Replays the whole scenario into {@code metrics} (spans are not exported) and returns what was recorded. */
    public static ConfidenceTruth replay(LoadScenario scenario, OtlpRecordSink metrics) {
        return replay(scenario, metrics, null, (rounds, total) -> {});
    }

    /**
     * Replays the whole scenario: an export round every {@link LoadScenario#exportInterval()} from
     * its start to its end, inclusive. The services start one minute before the first round, whose
     * values Driftwatch only uses as the series' first cumulative points (and the truth leaves out).
     *
     * @param spans where the sampled spans go; {@code null} to drop them
     */
    public static ConfidenceTruth replay(
            LoadScenario scenario, OtlpRecordSink metrics, OtlpRecordSink spans, Progress progress) {
        return replay(scenario, metrics, spans, null, progress);
    }

    /**
     * {@link #replay(LoadScenario, OtlpRecordSink, OtlpRecordSink, Progress)} through the SDK's OTLP
     * exporters to a collector instead of Kafka records: the same export rounds and the same data.
     */
    public static ConfidenceTruth replay(LoadScenario scenario, OtlpHttpExport otlp, Progress progress) {
        return replay(scenario, null, null, otlp, progress);
    }

    private static ConfidenceTruth replay(
            LoadScenario scenario,
            OtlpRecordSink metrics,
            OtlpRecordSink spans,
            OtlpHttpExport otlp,
            Progress progress) {
        long startMs = scenario.start().toEpochMilli();
        LoadGenerator g = new LoadGenerator(scenario, metrics, spans, otlp, (startMs - 60_000) * 1_000_000L);
        long stepMs = scenario.exportInterval().toMillis();
        long rounds = scenario.length().toMillis() / stepMs;
        try {
            for (long k = 0; k <= rounds; k++) {
                long t = startMs + k * stepMs;
                g.round(t - stepMs, t, k > 0);
                progress.exported(k + 1, rounds + 1);
            }
        } finally {
            g.shutdown();
        }
        return g.truth;
    }

    /**
     * Runs live: the clock follows {@code wallClockMillis}, and one export round (one metrics record
     * per service) is made every {@code services / recordsPerSecond} seconds, until at least {@code
     * maxRecords} metrics records were written (the round that reaches it completes) or {@code maxMillis}
     * passed, whichever comes first.
     *
     * @return the metrics records written
     */
    public static long live(
            LoadScenario scenario,
            OtlpRecordSink metrics,
            OtlpRecordSink spans,
            double recordsPerSecond,
            long maxRecords,
            long maxMillis,
            LongSupplier wallClockMillis,
            Progress progress)
            throws InterruptedException {
        return live(scenario, metrics, spans, null, recordsPerSecond, maxRecords, maxMillis, wallClockMillis, progress);
    }

    /** {@link #live(LoadScenario, OtlpRecordSink, OtlpRecordSink, double, long, long, LongSupplier, Progress)} to a collector. */
    public static long live(
            LoadScenario scenario,
            OtlpHttpExport otlp,
            double recordsPerSecond,
            long maxRecords,
            long maxMillis,
            LongSupplier wallClockMillis,
            Progress progress)
            throws InterruptedException {
        return live(scenario, null, null, otlp, recordsPerSecond, maxRecords, maxMillis, wallClockMillis, progress);
    }

    private static long live(
            LoadScenario scenario,
            OtlpRecordSink metrics,
            OtlpRecordSink spans,
            OtlpHttpExport otlp,
            double recordsPerSecond,
            long maxRecords,
            long maxMillis,
            LongSupplier wallClockMillis,
            Progress progress)
            throws InterruptedException {
        if (!(recordsPerSecond > 0)) {
            throw new IllegalArgumentException("--rate must be > 0 records/s, got " + recordsPerSecond);
        }
        long begin = wallClockMillis.getAsLong();
        LoadGenerator g = new LoadGenerator(scenario, metrics, spans, otlp, begin * 1_000_000L);
        long periodMs = Math.max(1, Math.round(1000.0 * g.services.size() / recordsPerSecond));
        long expectedRounds = Math.max(1, Math.min(maxRecords / g.services.size() + 1, maxMillis / periodMs));
        long previous = begin;
        try {
            for (long k = 1; g.metricRecords < maxRecords; k++) {
                long due = begin + k * periodMs;
                if (due - begin > maxMillis) {
                    break;
                }
                long now;
                while ((now = wallClockMillis.getAsLong()) < due) {
                    Thread.sleep(Math.min(due - now, 1000));
                }
                g.round(previous, now, true);
                previous = now;
                progress.exported(k, expectedRounds);
            }
        } finally {
            g.shutdown();
        }
        return g.metricRecords;
    }

    /**
     * One export round ending at {@code tMillis}: each service records its inferences of {@code
     * (fromMillis, tMillis)} (restarting first when due), then exports its metrics and spans.
     */
    private void round(long fromMillis, long tMillis, boolean inTruth) {
        int mean = scenario.meanInferencesPerInterval();
        for (SimulatedService s : services) {
            SimulatedModel m = s.model;
            long from = fromMillis;
            if (m.restartAt() != null
                    && !s.restarted
                    && tMillis >= m.restartAt().toEpochMilli()) {
                // The process restarted between the previous export and this one.
                from = tMillis - (tMillis - fromMillis) / 2;
                s.restart(from * 1_000_000L);
            }
            boolean dropped = m.dropAt() != null && tMillis > m.dropAt().toEpochMilli();
            boolean shifted =
                    m.featureShiftAt() != null && tMillis > m.featureShiftAt().toEpochMilli();
            Seasonality season = scenario.seasonality();
            int perInterval = Math.max(1, (int) Math.round(mean * m.volume() * season.volumeFactor(tMillis)));
            int n = perInterval / 2 + s.randomInt(perInterval + 1);
            String group = m.groupKey();
            s.infer(from * 1_000_000L, tMillis * 1_000_000L, n, dropped, shifted, season, c -> {
                if (inTruth) {
                    truth.record(group, tMillis, c, c <= scenario.lowThreshold());
                }
            });
            exportMetrics(s, tMillis);
            exportSpans(s, tMillis);
        }
    }

    private void exportMetrics(SimulatedService s, long tMillis) {
        Collection<MetricData> collected = s.collectMetrics();
        if (collected.isEmpty()) {
            return;
        }
        if (otlp != null) {
            otlp.exportMetrics(collected);
            metricRecords++;
            return;
        }
        String encoding = s.model.encoding();
        metrics.send(encoding, keys.get(s), encode(MetricsRequestMarshaler.create(collected), encoding), tMillis);
        metricRecords++;
    }

    private void exportSpans(SimulatedService s, long tMillis) {
        List<SpanData> finished = s.drainSpans();
        if (finished.isEmpty()) {
            return;
        }
        if (otlp != null) {
            // One request per service and round; the collector's kafka exporter splits it per trace.
            otlp.exportSpans(finished);
            return;
        }
        if (spans == null) {
            return;
        }
        Map<String, List<SpanData>> byTrace = new TreeMap<>();
        for (SpanData span : finished) {
            byTrace.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
        }
        String encoding = s.model.encoding();
        for (var trace : byTrace.entrySet()) {
            spans.send(
                    encoding,
                    trace.getKey().getBytes(StandardCharsets.UTF_8),
                    encode(TraceRequestMarshaler.create(trace.getValue()), encoding),
                    tMillis);
        }
    }

    private void shutdown() {
        services.forEach(SimulatedService::shutdown);
    }

    /** Encodes with the SDK's marshaler: protobuf for {@code otlp_proto}, OTLP/JSON for {@code otlp_json}. */
    static byte[] encode(Marshaler marshaler, String encoding) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(marshaler.getBinarySerializedSize() + 64);
            if ("otlp_proto".equals(encoding)) {
                marshaler.writeBinaryTo(out);
            } else if ("otlp_json".equals(encoding)) {
                marshaler.writeJsonTo(out);
            } else {
                throw new IllegalArgumentException("encoding must be otlp_proto or otlp_json, got " + encoding);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode an OTLP request", e);
        }
    }

    /** 16 bytes determined by the resource's attributes only (sorted key=value pairs, SHA-256). */
    static byte[] resourceKey(Resource resource) {
        Map<String, String> sorted = new TreeMap<>();
        resource.getAttributes().forEach((k, v) -> sorted.put(k.getKey(), String.valueOf(v)));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sorted.forEach((k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return Arrays.copyOf(sha.digest(), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Called after each export round. */
    @FunctionalInterface
    public interface Progress {
        void exported(long rounds, long totalRounds);
    }
}
