package io.driftwatch.connectors.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Test-only decoder of Prometheus remote-write 1.0 {@code WriteRequest} bodies, written from the
 * protocol's .proto definition independently of the encoder under test. It keeps the wire order of
 * series, labels and samples, and rejects unknown fields and wrong wire types.
 */
public final class WriteRequestDecoder {

    /** One decoded {@code Label}. */
    public record Label(String name, String value) {}

    /** One decoded {@code Sample}. */
    public record Sample(double value, long timestampMs) {}

    /** One decoded {@code TimeSeries}, in wire order. */
    public record TimeSeries(List<Label> labels, List<Sample> samples) {

        public String label(String name) {
            return labels.stream()
                    .filter(l -> l.name().equals(name))
                    .map(Label::value)
                    .findFirst()
                    .orElse(null);
        }
    }

    private WriteRequestDecoder() {}

    public static List<TimeSeries> decodeSnappy(byte[] body) throws IOException {
        return decode(Snappy.uncompress(body));
    }

    public static List<TimeSeries> decode(byte[] protobuf) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(protobuf);
        List<TimeSeries> series = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            expect(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED, "WriteRequest");
            series.add(decodeTimeSeries(in.readByteArray()));
        }
        return series;
    }

    private static TimeSeries decodeTimeSeries(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        List<Label> labels = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                expect(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED, "TimeSeries");
                labels.add(decodeLabel(in.readByteArray()));
            } else {
                expect(tag, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED, "TimeSeries");
                samples.add(decodeSample(in.readByteArray()));
            }
        }
        return new TimeSeries(labels, samples);
    }

    private static Label decodeLabel(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String name = "";
        String value = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                expect(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED, "Label");
                name = in.readStringRequireUtf8();
            } else {
                expect(tag, 2, WireFormat.WIRETYPE_LENGTH_DELIMITED, "Label");
                value = in.readStringRequireUtf8();
            }
        }
        return new Label(name, value);
    }

    private static Sample decodeSample(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        double value = 0;
        long timestamp = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                expect(tag, 1, WireFormat.WIRETYPE_FIXED64, "Sample");
                value = in.readDouble();
            } else {
                expect(tag, 2, WireFormat.WIRETYPE_VARINT, "Sample");
                timestamp = in.readInt64();
            }
        }
        return new Sample(value, timestamp);
    }

    private static void expect(int tag, int field, int wireType, String message) throws IOException {
        if (WireFormat.getTagFieldNumber(tag) != field || WireFormat.getTagWireType(tag) != wireType) {
            throw new IOException("unexpected field " + WireFormat.getTagFieldNumber(tag) + " wire type "
                    + WireFormat.getTagWireType(tag) + " in " + message);
        }
    }
}
