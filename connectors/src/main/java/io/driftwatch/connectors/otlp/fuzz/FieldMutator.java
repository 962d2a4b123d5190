package io.driftwatch.connectors.otlp.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Field-level mutations of a protobuf message, driven by its descriptor so that every field of every OTLP
 * message can be hit: a random walk descends into fields that are set, then one field gets an edge value
 * (NaN, ±Inf, 64-bit extremes, times in 1970 and 2100, unknown enum numbers, empty and long strings), is
 * cleared, or a repeated element is removed or duplicated.
 */
final class FieldMutator {

    /** 2100-01-01T00:00:00Z and 1970-01-01T00:00:01Z in epoch nanoseconds. */
    static final long YEAR_2100_NANOS = 4_102_444_800_000_000_000L;

    static final long YEAR_1970_NANOS = 1_000_000_000L;

    private static final double[] DOUBLES = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        -0.0,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.MIN_VALUE,
        -1,
        0,
        1e-300
    };
    private static final long[] LONGS = {
        0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 1L << 53, YEAR_2100_NANOS, YEAR_1970_NANOS, 255
    };
    private static final int[] INTS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, -11, 21, 1 << 20, 127};

    private static final int MAX_ADDED_BYTES = 64 * 1024;

    private final SplittableRandom random;

    FieldMutator(SplittableRandom random) {
        this.random = random;
    }

    /** Applies one mutation somewhere in {@code root}. */
    void mutate(Message.Builder root) {
        Message.Builder b = root;
        for (int depth = 0; depth < 12; depth++) {
            FieldDescriptor f = pick(b);
            if (f == null) {
                return;
            }
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || random.nextInt(8) == 0) {
                change(b, f);
                return;
            }
            if (f.isRepeated()) {
                int n = b.getRepeatedFieldCount(f);
                if (n == 0 || random.nextInt(6) == 0) {
                    change(b, f);
                    return;
                }
                b = b.getRepeatedFieldBuilder(f, random.nextInt(n));
            } else {
                b = b.getFieldBuilder(f);
            }
        }
    }

    /** A field that is set (most of the time), else any field; {@code null} for a message without fields. */
    private FieldDescriptor pick(Message.Builder b) {
        List<FieldDescriptor> all = b.getDescriptorForType().getFields();
        if (all.isEmpty()) {
            return null;
        }
        if (random.nextInt(5) != 0) {
            List<FieldDescriptor> set = new ArrayList<>(b.getAllFields().keySet());
            if (!set.isEmpty()) {
                return set.get(random.nextInt(set.size()));
            }
        }
        return all.get(random.nextInt(all.size()));
    }

    private void change(Message.Builder b, FieldDescriptor f) {
        if (!f.isRepeated()) {
            if (random.nextInt(6) == 0) {
                b.clearField(f);
            } else {
                b.setField(f, value(b, f));
            }
            return;
        }
        int n = b.getRepeatedFieldCount(f);
        switch (random.nextInt(4)) {
            case 0 -> b.clearField(f);
            case 1 -> {
                // Many copies of one element: large attribute counts, bucket lists, point lists.
                Object item = n > 0 ? b.getRepeatedField(f, random.nextInt(n)) : value(b, f);
                int copies = 1 + random.nextInt(random.nextInt(8) == 0 ? 5_000 : 20);
                // At most ~64 KB more per mutation: copies of copies would otherwise multiply past any heap.
                int itemBytes = item instanceof Message m
                        ? m.getSerializedSize() + 2
                        : item instanceof String str
                                ? str.length() + 2
                                : item instanceof ByteString bytes ? bytes.size() + 2 : 10;
                copies = Math.max(1, Math.min(copies, MAX_ADDED_BYTES / itemBytes));
                for (int i = 0; i < copies; i++) {
                    b.addRepeatedField(f, item);
                }
            }
            case 2 -> {
                if (n > 0) {
                    b.setRepeatedField(f, random.nextInt(n), value(b, f));
                } else {
                    b.addRepeatedField(f, value(b, f));
                }
            }
            default -> {
                if (n > 0) {
                    List<Object> items = new ArrayList<>((List<?>) b.getField(f));
                    items.remove(random.nextInt(n));
                    b.clearField(f);
                    items.forEach(item -> b.addRepeatedField(f, item));
                }
            }
        }
    }

    private Object value(Message.Builder b, FieldDescriptor f) {
        return switch (f.getJavaType()) {
            case DOUBLE -> random.nextInt(4) == 0 ? random.nextDouble() * 1e6 : DOUBLES[random.nextInt(DOUBLES.length)];
            case FLOAT -> (float) DOUBLES[random.nextInt(DOUBLES.length)];
            case LONG -> random.nextInt(4) == 0 ? random.nextLong() : LONGS[random.nextInt(LONGS.length)];
            case INT -> random.nextInt(4) == 0 ? random.nextInt() : INTS[random.nextInt(INTS.length)];
            case BOOLEAN -> random.nextBoolean();
            case STRING -> string();
            case BYTE_STRING -> ByteString.copyFrom(bytes(random.nextInt(4) == 0 ? 40 : 16));
            case ENUM -> {
                EnumDescriptor type = f.getEnumType();
                int number = random.nextInt(3) == 0 ? INTS[random.nextInt(INTS.length)] : random.nextInt(8);
                yield type.findValueByNumberCreatingIfUnknown(number);
            }
            case MESSAGE -> {
                Message.Builder child = b.newBuilderForField(f);
                if (random.nextBoolean()) {
                    mutate(child);
                }
                yield child.build();
            }
        };
    }

    private String string() {
        return switch (random.nextInt(7)) {
            case 0 -> "";
            case 1 -> "x".repeat(1 + random.nextInt(5_000));
            case 2 -> "\u0000\t\n\"\\{}[]";
            case 3 -> "gr\u00fc\u00dfe \u65e5\u672c \ud83d\ude00";
            case 4 -> "service.name";
            case 5 -> "le";
            default -> Long.toString(random.nextLong(), 36);
        };
    }

    private byte[] bytes(int max) {
        byte[] bytes = new byte[random.nextInt(max + 1)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
