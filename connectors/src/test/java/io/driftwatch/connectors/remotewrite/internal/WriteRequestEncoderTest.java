package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.WriteRequestDecoder;
import io.driftwatch.connectors.remotewrite.WriteRequestDecoder.Label;
import io.driftwatch.connectors.remotewrite.WriteRequestDecoder.Sample;
import io.driftwatch.connectors.remotewrite.WriteRequestDecoder.TimeSeries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class WriteRequestEncoderTest {

    private static final SeriesLabelsFactory NO_EXTRAS = SeriesLabelsFactory.withExtraLabels(Map.of());

    private static RemoteWriteEntry entry(String metric, Labels labels, long ts, double value) {
        return new RemoteWriteEntry(NO_EXTRAS.create(metric, labels), ts, value);
    }

    @Test
    void encodesTheWireFormatByteForByte() {
        // WriteRequest{timeseries=[{labels=[{__name__, a}], samples=[{value=1.0, timestamp=2}]}]}, by hand:
        byte[] expected = {
            0x0A,
            0x1C, // timeseries (field 1, length-delimited), 28 bytes
            0x0A,
            0x0D, // labels (field 1), 13 bytes
            0x0A,
            0x08,
            '_',
            '_',
            'n',
            'a',
            'm',
            'e',
            '_',
            '_', // name = "__name__"
            0x12,
            0x01,
            'a', // value = "a"
            0x12,
            0x0B, // samples (field 2), 11 bytes
            0x09,
            0,
            0,
            0,
            0,
            0,
            0,
            (byte) 0xF0,
            0x3F, // value (field 1, fixed64) = 1.0 little-endian
            0x10,
            0x02, // timestamp (field 2, varint) = 2
        };
        assertArrayEquals(expected, WriteRequestEncoder.encode(List.of(entry("a", Labels.EMPTY, 2, 1.0))));
    }

    @Test
    void groupsSamplesOfOneSeriesInFirstAppearanceOrderSortedByTime() throws Exception {
        Labels x = Labels.of("host", "x");
        Labels y = Labels.of("host", "y");
        List<RemoteWriteEntry> batch = List.of(
                entry("cpu", x, 3000, 3),
                entry("cpu", y, 1000, 10),
                entry("cpu", x, 1000, 1),
                entry("mem", x, 500, 7),
                entry("cpu", x, 2000, 2),
                entry("cpu", y, 1000, 11)); // equal timestamp: keeps batch order
        List<TimeSeries> decoded = WriteRequestDecoder.decodeSnappy(WriteRequestEncoder.encodeCompressed(batch));

        assertEquals(3, decoded.size());
        assertEquals(
                List.of(new Label("__name__", "cpu"), new Label("host", "x")),
                decoded.get(0).labels());
        assertEquals(
                List.of(new Sample(1, 1000), new Sample(2, 2000), new Sample(3, 3000)),
                decoded.get(0).samples());
        assertEquals(
                List.of(new Label("__name__", "cpu"), new Label("host", "y")),
                decoded.get(1).labels());
        assertEquals(
                List.of(new Sample(10, 1000), new Sample(11, 1000)),
                decoded.get(1).samples());
        assertEquals(
                List.of(new Label("__name__", "mem"), new Label("host", "x")),
                decoded.get(2).labels());
        assertEquals(List.of(new Sample(7, 500)), decoded.get(2).samples());
    }

    @Test
    void writesZeroNegativeAndSpecialValuesAndTimestamps() throws Exception {
        long[] timestamps = {0, -1, Long.MAX_VALUE, 1_735_689_600_123L};
        double[] values = {0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY};
        List<RemoteWriteEntry> batch = new ArrayList<>();
        for (int i = 0; i < timestamps.length; i++) {
            batch.add(entry("m", Labels.of("i", Integer.toString(i)), timestamps[i], values[i]));
        }
        List<TimeSeries> decoded = WriteRequestDecoder.decode(WriteRequestEncoder.encode(batch));
        for (int i = 0; i < timestamps.length; i++) {
            Sample s = decoded.get(i).samples().get(0);
            assertEquals(timestamps[i], s.timestampMs());
            assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(s.value()), "value " + i);
        }
    }

    @Test
    void roundTripsARandomBatchAndTheEstimateBoundsTheSize() throws Exception {
        Random random = new Random(42);
        SeriesLabelsFactory extras = SeriesLabelsFactory.withExtraLabels(Map.of("cluster", "eu-1"));
        List<RemoteWriteEntry> batch = new ArrayList<>();
        // expected: series -> samples, computed independently of the encoder
        Map<Map<String, String>, List<Sample>> expected = new LinkedHashMap<>();
        for (int i = 0; i < 5000; i++) {
            String model = "model-" + random.nextInt(20);
            String unicode = random.nextBoolean() ? "größe-ü" : "size";
            long ts = 1_700_000_000_000L + random.nextInt(1_000_000);
            double value = random.nextGaussian() * 1e6;
            batch.add(new RemoteWriteEntry(
                    extras.create("ml.latency", Labels.of("model.name", model, "unit", unicode)), ts, value));
            Map<String, String> labels = new HashMap<>(
                    Map.of("__name__", "ml_latency", "cluster", "eu-1", "model_name", model, "unit", unicode));
            expected.computeIfAbsent(labels, k -> new ArrayList<>()).add(new Sample(value, ts));
        }
        byte[] protobuf = WriteRequestEncoder.encode(batch);
        long estimate =
                batch.stream().mapToLong(WriteRequestEncoder::estimatedSize).sum();
        assertTrue(protobuf.length <= estimate, protobuf.length + " > estimate " + estimate);

        List<TimeSeries> decoded = WriteRequestDecoder.decode(Snappy.uncompress(Snappy.compress(protobuf)));
        assertEquals(expected.size(), decoded.size());
        for (TimeSeries ts : decoded) {
            List<String> names = ts.labels().stream().map(Label::name).toList();
            assertEquals(names.stream().sorted(Comparator.naturalOrder()).toList(), names, "labels sorted");
            Map<String, String> labels = new HashMap<>();
            ts.labels().forEach(l -> labels.put(l.name(), l.value()));
            List<Sample> want = new ArrayList<>(expected.get(labels));
            want.sort(Comparator.comparingLong(Sample::timestampMs)); // stable: equal timestamps keep input order
            assertEquals(want, ts.samples(), "samples of " + labels);
        }
    }

    @Test
    void estimateIsExactForASingleEntry() {
        RemoteWriteEntry e = entry("some.metric", Labels.of("a", "1", "b", "two"), 1_735_689_600_000L, 0.5);
        assertEquals(WriteRequestEncoder.encode(List.of(e)).length, WriteRequestEncoder.estimatedSize(e));
    }

    @Test
    void emptyBatchIsAnEmptyMessage() {
        assertEquals(0, WriteRequestEncoder.encode(List.of()).length);
    }
}
