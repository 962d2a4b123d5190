package io.driftwatch.jobs.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.Temporality;
import io.driftwatch.connectors.otlp.delta.SeriesState;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CumulativeToDeltaFunction} through Flink's keyed operator test harness. */
class CumulativeToDeltaFunctionTest {

    private static final long S = 1_000_000_000L; // one second in nanoseconds
    private static final long T0 = 1_700_000_000L * S;
    private static final Labels POD_1 = Labels.of("service.name", "scorer", "service.instance.id", "pod-1");
    private static final Labels POD_2 = Labels.of("service.name", "scorer", "service.instance.id", "pod-2");

    private HarnessMetrics metrics;
    private KeyedOneInputStreamOperatorTestHarness<Long, Tuple2<Long, MetricPoint>, MetricPoint> harness;

    @BeforeEach
    void open() throws Exception {
        metrics = new HarnessMetrics();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CumulativeToDeltaFunction()),
                (Tuple2<Long, MetricPoint> t) -> t.f0,
                Types.LONG,
                metrics.environment());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        metrics.close();
    }

    private static MetricPoint counter(Labels labels, long start, long time, double value) {
        return MetricPoint.builder("inference.requests", MetricKind.SUM)
                .temporality(Temporality.CUMULATIVE)
                .monotonic(true)
                .labels(labels)
                .startTimeNanos(start)
                .timeNanos(time)
                .value(value)
                .build();
    }

    private void send(MetricPoint p) throws Exception {
        harness.processElement(Tuple2.of(SeriesKey.of(p), p), p.timeMillis());
    }

    private List<MetricPoint> output() {
        return harness.extractOutputValues();
    }

    private long outcome(String name) {
        return metrics.count("driftwatch.delta.outcome." + name + ".points");
    }

    @Test
    void counterSequenceBecomesIncrementsWithResetsDuplicatesAndOutOfOrderPoints() throws Exception {
        long start = T0 - 100 * S;
        send(counter(POD_1, start, T0 + 10 * S, 10)); // first point: state only
        send(counter(POD_2, start, T0 + 10 * S, 100)); // another series, its own state
        send(counter(POD_1, start, T0 + 20 * S, 15)); // +5
        send(counter(POD_1, start, T0 + 30 * S, 15)); // +0
        send(counter(POD_2, start, T0 + 30 * S, 130)); // +30
        send(counter(POD_1, start, T0 + 40 * S, 22)); // +7
        send(counter(POD_1, start, T0 + 40 * S, 22)); // duplicate: dropped
        send(counter(POD_1, start, T0 + 35 * S, 20)); // out of order: dropped
        send(counter(POD_1, start, T0 + 50 * S, 3)); // decrease without new start: reset, +3
        send(counter(POD_1, start, T0 + 60 * S, 5)); // +2
        send(counter(POD_1, T0 + 65 * S, T0 + 70 * S, 4)); // new start time: reset, +4

        List<MetricPoint> out = output();
        assertEquals(
                List.of(5.0, 0.0, 30.0, 7.0, 3.0, 2.0, 4.0),
                out.stream().map(MetricPoint::value).toList());
        for (MetricPoint d : out) {
            assertEquals(Temporality.DELTA, d.temporality());
            assertEquals(MetricKind.SUM, d.kind());
            assertEquals("inference.requests", d.name());
        }
        // a delta spans (previous point, this point]; after a reset, what was counted since the restart
        long[][] spans = {{10, 20}, {20, 30}, {10, 30}, {30, 40}, {40, 50}, {50, 60}, {65, 70}};
        for (int i = 0; i < spans.length; i++) {
            assertEquals(T0 + spans[i][0] * S, out.get(i).startTimeNanos(), "start of delta " + i);
            assertEquals(T0 + spans[i][1] * S, out.get(i).timeNanos(), "time of delta " + i);
        }
        assertEquals(POD_2, out.get(2).labels());
        assertEquals(2, outcome("first_point"));
        assertEquals(5, outcome("emitted"));
        assertEquals(2, outcome("reset"));
        assertEquals(1, outcome("duplicate"));
        assertEquals(1, outcome("out_of_order"));
        assertEquals(2, harness.numKeyedStateEntries());
    }

    @Test
    void histogramDeltasSubtractCountSumAndEveryBucket() throws Exception {
        double[] bounds = {0.2, 0.4, 0.6, 0.8, 1.0};
        long start = T0 - 100 * S;
        send(histogram(bounds, start, T0 + 10 * S, 10.0, 1, 2, 3, 4, 5, 0));
        send(histogram(bounds, start, T0 + 20 * S, 16.25, 1, 4, 5, 7, 9, 0));
        send(histogram(bounds, start, T0 + 30 * S, 17.0, 1, 4, 6, 8, 9, 0));

        List<MetricPoint> out = output();
        assertEquals(2, out.size());
        MetricPoint first = out.get(0);
        assertEquals(Temporality.DELTA, first.temporality());
        assertEquals(11, first.count());
        assertEquals(6.25, first.sum(), 0.0);
        assertArrayEquals(new long[] {0, 2, 2, 3, 4, 0}, first.bucketCounts());
        assertArrayEquals(bounds, first.explicitBounds());
        assertTrue(Double.isNaN(first.min()) && Double.isNaN(first.max()), "extremes of an interval are unknown");
        assertEquals(2, out.get(1).count());
        assertEquals(0.75, out.get(1).sum(), 0.0);
        assertArrayEquals(new long[] {0, 0, 1, 1, 0, 0}, out.get(1).bucketCounts());
    }

    @Test
    void passthroughOfAGaugeClearsTheSeriesState() throws Exception {
        long start = T0 - 100 * S;
        send(counter(POD_1, start, T0 + 10 * S, 10));
        send(counter(POD_1, start, T0 + 20 * S, 15));
        assertEquals(1, harness.numKeyedStateEntries());

        // the same series (name and labels) now arrives as a gauge: passed through unchanged, state gone
        MetricPoint gauge = MetricPoint.builder("inference.requests", MetricKind.GAUGE)
                .labels(POD_1)
                .timeNanos(T0 + 25 * S)
                .value(42)
                .build();
        send(gauge);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(gauge, output().get(1), "passed through as is");

        // back to cumulative: a first point again, no increment invented against the stale 15
        send(counter(POD_1, start, T0 + 30 * S, 20));
        send(counter(POD_1, start, T0 + 40 * S, 26));
        assertEquals(
                List.of(5.0, 42.0, 6.0),
                output().stream().map(MetricPoint::value).toList());
        assertEquals(1, outcome("passthrough"));
        assertEquals(2, outcome("first_point"));
        assertEquals(1, harness.numKeyedStateEntries());
    }

    @Test
    void deltaTemporalityPointsPassThroughWithoutState() throws Exception {
        MetricPoint delta = MetricPoint.builder("inference.requests", MetricKind.SUM)
                .temporality(Temporality.DELTA)
                .monotonic(true)
                .labels(POD_1)
                .startTimeNanos(T0)
                .timeNanos(T0 + 10 * S)
                .value(3)
                .build();
        send(delta);
        assertEquals(List.of(delta), output());
        assertEquals(0, harness.numKeyedStateEntries());
    }

    @Test
    void invalidPointsAreCountedAndNotEmitted() throws Exception {
        // cumulative temporality required for a sum to be converted; UNSPECIFIED is invalid
        send(MetricPoint.builder("inference.requests", MetricKind.SUM)
                .labels(POD_1)
                .timeNanos(T0)
                .value(1)
                .build());
        assertEquals(List.of(), output());
        assertEquals(1, outcome("invalid"));
    }

    /** The per-series state of a 20-bucket histogram, as stored by the operator. */
    @Test
    void stateOfATwentyBucketHistogramSeries() throws Exception {
        double[] bounds = new double[19];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = 0.05 * (i + 1);
        }
        long[] counts = new long[20];
        long count = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 100_000L * (i + 1); // up to 2,000,000 < 2^21: 3-byte varints
            count += counts[i];
        }
        MetricPoint p = MetricPoint.builder("ml.inference.confidence", MetricKind.HISTOGRAM)
                .temporality(Temporality.CUMULATIVE)
                .labels(POD_1)
                .startTimeNanos(T0)
                .timeNanos(T0 + 10 * S)
                .count(count)
                .sum(0.7 * count)
                .explicitBounds(bounds)
                .bucketCounts(counts)
                .build();
        send(p);

        byte[] bytes = storedState(SeriesKey.of(p));
        assertNotNull(bytes);
        // version, flags, start, time, varint count, sum, varint nBuckets, 19 bounds, 20 varint counts
        int expected = 1 + 1 + 8 + 8 + varintLength(count) + 8 + 1 + 19 * 8;
        for (long c : counts) {
            expected += varintLength(c);
        }
        assertEquals(expected, bytes.length);
        assertEquals(243, bytes.length); // 18 header, 4 count, 8 sum, 1 length, 152 bounds, 60 counts
        assertEquals(T0 + 10 * S, SeriesState.fromBytes(bytes).timeNanos());
        assertNull(storedState(SeriesKey.of(counter(POD_2, T0, T0 + S, 1))));
    }

    @Test
    void aSeriesSilentLongerThanTheTtlStartsAgainWithoutInventingAnIncrement() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, Tuple2<Long, MetricPoint>, MetricPoint> ttl =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new CumulativeToDeltaFunction(java.time.Duration.ofHours(1))),
                        (Tuple2<Long, MetricPoint> t) -> t.f0,
                        Types.LONG)) {
            ttl.open();
            long start = T0 - 100 * S;
            MetricPoint first = counter(POD_1, start, T0 + 10 * S, 10);
            MetricPoint second = counter(POD_1, start, T0 + 20 * S, 15);
            MetricPoint afterSilence = counter(POD_1, start, T0 + 30 * S, 40);
            MetricPoint next = counter(POD_1, start, T0 + 40 * S, 41);
            ttl.setStateTtlProcessingTime(0);
            ttl.processElement(Tuple2.of(SeriesKey.of(first), first), 0);
            ttl.processElement(Tuple2.of(SeriesKey.of(second), second), 0); // +5
            ttl.setStateTtlProcessingTime(java.time.Duration.ofHours(2).toMillis());
            ttl.processElement(
                    Tuple2.of(SeriesKey.of(afterSilence), afterSilence), 0); // state expired: first point again
            ttl.processElement(Tuple2.of(SeriesKey.of(next), next), 0); // +1
            assertEquals(
                    List.of(5.0, 1.0),
                    ttl.extractOutputValues().stream().map(MetricPoint::value).toList());
        }
    }

    @Test
    void seriesKeysSeparateNamesAndLabelSets() {
        MetricPoint a = counter(POD_1, T0, T0 + S, 1);
        assertEquals(SeriesKey.of(a), SeriesKey.of(counter(POD_1, T0 + S, T0 + 9 * S, 5)), "same series");
        assertTrue(SeriesKey.of(a) != SeriesKey.of(counter(POD_2, T0, T0 + S, 1)), "other labels");
        MetricPoint renamed = MetricPoint.builder("inference.requestz", MetricKind.SUM)
                .labels(POD_1)
                .build();
        assertTrue(SeriesKey.of(a) != SeriesKey.of(renamed), "other name");
    }

    private byte[] storedState(long key) throws Exception {
        KeyedStateBackend<Long> backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(key);
        ValueState<byte[]> state = backend.getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("series-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        return state.value();
    }

    private static int varintLength(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static MetricPoint histogram(double[] bounds, long start, long time, double sum, long... buckets) {
        long count = 0;
        for (long b : buckets) {
            count += b;
        }
        return MetricPoint.builder("ml.inference.confidence", MetricKind.HISTOGRAM)
                .temporality(Temporality.CUMULATIVE)
                .labels(POD_1)
                .startTimeNanos(start)
                .timeNanos(time)
                .count(count)
                .sum(sum)
                .min(0.1)
                .max(1.0)
                .explicitBounds(bounds)
                .bucketCounts(buckets)
                .build();
    }
}
