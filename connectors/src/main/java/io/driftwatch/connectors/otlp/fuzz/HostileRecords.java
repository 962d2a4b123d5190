package io.driftwatch.connectors.otlp.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Records built to exhaust a decoder rather than to look like data: nesting far beyond any parser's
 * recursion limit, strings and attribute lists near (or above) the size limit.
 */
final class HostileRecords {

    /** Field numbers of OTLP's common.proto: AnyValue.kvlist_value, KeyValueList.values, KeyValue.key/value. */
    private static final int ANY_KVLIST = 6;

    private static final int KVLIST_VALUES = 1;
    private static final int KV_KEY = 1;
    private static final int KV_VALUE = 2;
    /** Resource.attributes, ResourceMetrics/ResourceSpans.resource, Export*Request.resource_*. */
    private static final int RESOURCE_ATTRIBUTES = 1;

    private static final int RESOURCE = 1;
    private static final int REQUEST_RESOURCES = 1;

    private final SplittableRandom random;

    HostileRecords(SplittableRandom random) {
        this.random = random;
    }

    /**
     * A resource attribute whose value nests {@code depth} key-value lists, as protobuf (written by hand:
     * protobuf-java refuses to build what it would refuse to parse) or as OTLP/JSON; or, for JSON, a bare
     * run of brackets.
     */
    byte[] deepNesting(OtlpEncoding encoding, int depth) {
        if (encoding == OtlpEncoding.OTLP_JSON) {
            if (random.nextBoolean()) {
                return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
            }
            String open = "{\"key\":\"k\",\"value\":{\"kvlistValue\":{\"values\":[";
            String close = "]}}}";
            String json = "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[" + open.repeat(depth)
                    + close.repeat(depth) + "]}}]}";
            return json.getBytes(StandardCharsets.US_ASCII);
        }
        byte[] any = new byte[0];
        byte[] key = "k".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < depth; i++) {
            byte[] kv = concat(field(KV_KEY, key), field(KV_VALUE, any));
            any = field(ANY_KVLIST, field(KVLIST_VALUES, kv));
        }
        byte[] attribute = concat(field(KV_KEY, key), field(KV_VALUE, any));
        byte[] resource = field(RESOURCE_ATTRIBUTES, attribute);
        return field(REQUEST_RESOURCES, field(RESOURCE, resource));
    }

    /** {@code request} with one resource attribute holding a string of {@code length} characters. */
    byte[] hugeString(Message request, OtlpEncoding encoding, int length) {
        KeyValue big = KeyValue.newBuilder()
                .setKey("huge")
                .setValue(AnyValue.newBuilder().setStringValue("z".repeat(length)))
                .build();
        return withResource(request, Resource.newBuilder().addAttributes(big).build(), encoding);
    }

    /** {@code request} whose resources carry {@code count} distinct attributes. */
    byte[] manyAttributes(Message request, OtlpEncoding encoding, int count) {
        Resource.Builder resource = Resource.newBuilder();
        for (int i = 0; i < count; i++) {
            resource.addAttributes(KeyValue.newBuilder()
                    .setKey("a" + i)
                    .setValue(AnyValue.newBuilder().setIntValue(random.nextLong())));
        }
        return withResource(request, resource.build(), encoding);
    }

    /**
     * An {@code ExportMetricsServiceRequest} (also a valid {@code ExportTraceServiceRequest}: same field
     * numbers down to the resource) whose one resource attribute is a string of {@code chars} 'z's, written
     * straight into one array: the record a test of the size limit needs without three copies of it.
     */
    public static byte[] hugeAttributeRequest(int chars) {
        byte[] key = "huge".getBytes(StandardCharsets.US_ASCII);
        int any = 1 + CodedOutputStream.computeUInt32SizeNoTag(chars) + chars;
        int kv = 1 + 1 + key.length + 1 + CodedOutputStream.computeUInt32SizeNoTag(any) + any;
        int resource = 1 + CodedOutputStream.computeUInt32SizeNoTag(kv) + kv;
        int resourceMetrics = 1 + CodedOutputStream.computeUInt32SizeNoTag(resource) + resource;
        int request = 1 + CodedOutputStream.computeUInt32SizeNoTag(resourceMetrics) + resourceMetrics;
        byte[] out = new byte[request];
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        try {
            c.writeTag(REQUEST_RESOURCES, 2);
            c.writeUInt32NoTag(resourceMetrics);
            c.writeTag(RESOURCE, 2);
            c.writeUInt32NoTag(resource);
            c.writeTag(RESOURCE_ATTRIBUTES, 2);
            c.writeUInt32NoTag(kv);
            c.writeByteArray(KV_KEY, key);
            c.writeTag(KV_VALUE, 2);
            c.writeUInt32NoTag(any);
            c.writeTag(1, 2); // AnyValue.string_value
            c.writeUInt32NoTag(chars);
            int at = request - c.spaceLeft();
            java.util.Arrays.fill(out, at, at + chars, (byte) 'z');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static byte[] withResource(Message request, Resource resource, OtlpEncoding encoding) {
        Message changed;
        if (request instanceof ExportMetricsServiceRequest m) {
            ExportMetricsServiceRequest.Builder b = m.toBuilder();
            for (int i = 0; i < b.getResourceMetricsCount(); i++) {
                b.getResourceMetricsBuilder(i).setResource(resource);
            }
            changed = b.build();
        } else {
            ExportTraceServiceRequest.Builder b = ((ExportTraceServiceRequest) request).toBuilder();
            for (int i = 0; i < b.getResourceSpansCount(); i++) {
                b.getResourceSpansBuilder(i).setResource(resource);
            }
            changed = b.build();
        }
        return OtlpMutator.encode(changed, encoding);
    }

    private static byte[] field(int number, byte[] content) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 8);
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeBytes(number, ByteString.copyFrom(content));
            c.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
