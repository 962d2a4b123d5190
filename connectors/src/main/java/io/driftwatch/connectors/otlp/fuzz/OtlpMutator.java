package io.driftwatch.connectors.otlp.fuzz;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.internal.OtlpJson;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded generator of hostile OTLP records for fuzzing the decoders: each {@link #next()} takes a real
 * record (a {@link Seed}: the load generator's, the protocol's examples) and returns it mutated by one
 * {@link MutationKind}. The same seed and seed records give the same sequence of cases, so that a failure
 * is reproduced from the seed and the case number alone.
 *
 * <p>Development tooling: the connectors' fuzz test and devstack's {@code driftwatch.sh fuzz} use it;
 * nothing in the job does.
 */
public final class OtlpMutator {

    /** Which decoder a record is meant for. */
    public enum Signal {
        METRICS,
        SPANS
    }

    /** What was done to a seed record; the share of cases each gets is its weight over the sum of weights. */
    public enum MutationKind {
        /** Random bytes of random length, seed ignored. */
        RANDOM_BYTES(4),
        /** The seed cut at a random length. */
        TRUNCATION(8),
        /** 1 to 8 random bit flips in the seed. */
        BIT_FLIPS(12),
        /** 1 to 4 descriptor-driven field mutations (edge values, clears, removed or duplicated elements). */
        FIELD_MUTATION(60),
        /** The seed with a stretch of another seed's bytes spliced in. */
        SPLICE(4),
        /** A kvlist value nested far beyond parser recursion limits. */
        DEEP_NESTING(1),
        /** A resource attribute string near or above the record size limit. */
        HUGE_STRING(1),
        /** Resources with hundreds to tens of thousands of attributes. */
        MANY_ATTRIBUTES(2),
        /** The seed unchanged under an extreme Kafka record timestamp (none, 0, 2100, the 64-bit limits). */
        RECORD_TIME(8);

        final int weight;

        MutationKind(int weight) {
            this.weight = weight;
        }
    }

    /** A real record to mutate: its signal, encoding, value and Kafka timestamp. */
    public record Seed(Signal signal, OtlpEncoding encoding, byte[] value, long timestampMillis) {
        public Seed {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(value, "value");
        }
    }

    /** One generated record. */
    public record Case(long index, MutationKind kind, Seed seed, byte[] value, long timestampMillis) {}

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final Pattern BASE64_ID = Pattern.compile("(\"(?:traceId|spanId|parentSpanId)\":\")([^\"]*)\"");
    private static final long[] RECORD_TIMES = {-1, 0, Long.MAX_VALUE, Long.MIN_VALUE, 4_102_444_800_000L, 1_000L};
    private static final String JSONISH = "{}[]\":,0123456789.eE-truefalsn \\u";
    private static final int[] DEPTHS = {99, 101, 1_000, 3_000};

    private final SplittableRandom random;
    private final List<Seed> seeds;
    private final int hugeStringChars;
    private final FieldMutator fields;
    private final HostileRecords hostile;
    private final int totalWeight;
    private final Map<OtlpEncoding, byte[][]> deep = new EnumMap<>(OtlpEncoding.class);
    /** The seeds' messages, parsed once. */
    private final Map<Seed, Message> parsed = new java.util.IdentityHashMap<>();

    private long index;

    /**
     * @param seed the random seed
     * @param seeds the records to mutate, at least one
     * @param hugeStringChars the longest string {@link MutationKind#HUGE_STRING} writes (half of the cases
     *     stay below it, half reach it): set it above the record size limit to exercise that limit
     */
    public OtlpMutator(long seed, List<Seed> seeds, int hugeStringChars) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("at least one seed record is needed");
        }
        this.random = new SplittableRandom(seed);
        this.seeds = List.copyOf(seeds);
        this.hugeStringChars = hugeStringChars;
        this.fields = new FieldMutator(random);
        this.hostile = new HostileRecords(random);
        int sum = 0;
        for (MutationKind k : MutationKind.values()) {
            sum += k.weight;
        }
        this.totalWeight = sum;
    }

    /** The next case. */
    public Case next() {
        Seed seed = seeds.get(random.nextInt(seeds.size()));
        MutationKind kind = kind();
        long time = seed.timestampMillis();
        byte[] value = seed.value();
        switch (kind) {
            case RANDOM_BYTES -> value = randomBytes(random.nextInt(random.nextInt(16) == 0 ? 65_536 : 512));
            case TRUNCATION -> value = Arrays.copyOf(value, random.nextInt(value.length + 1));
            case BIT_FLIPS -> value = flipBits(value);
            case FIELD_MUTATION -> value = mutateFields(seed);
            case SPLICE ->
                value = splice(value, seeds.get(random.nextInt(seeds.size())).value());
            case DEEP_NESTING -> value = deep(seed.encoding())[random.nextInt(DEPTHS.length)];
            case HUGE_STRING ->
                value = hostile.hugeString(
                        parse(seed),
                        seed.encoding(),
                        random.nextBoolean() ? hugeStringChars : 1 + random.nextInt(hugeStringChars / 2));
            case MANY_ATTRIBUTES ->
                value = hostile.manyAttributes(
                        message(seed), seed.encoding(), 100 + random.nextInt(random.nextInt(16) == 0 ? 20_000 : 400));
            case RECORD_TIME ->
                time = random.nextInt(3) == 0 ? random.nextLong() : RECORD_TIMES[random.nextInt(RECORD_TIMES.length)];
        }
        return new Case(index++, kind, seed, value, time);
    }

    private MutationKind kind() {
        int r = random.nextInt(totalWeight);
        for (MutationKind k : MutationKind.values()) {
            r -= k.weight;
            if (r < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    private byte[] mutateFields(Seed seed) {
        Message.Builder b = message(seed).toBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            fields.mutate(b);
        }
        return encode(b.build(), seed.encoding());
    }

    private byte[][] deep(OtlpEncoding encoding) {
        return deep.computeIfAbsent(encoding, e -> {
            byte[][] out = new byte[DEPTHS.length][];
            for (int i = 0; i < DEPTHS.length; i++) {
                out[i] = hostile.deepNesting(e, DEPTHS[i]);
            }
            return out;
        });
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        boolean jsonish = random.nextBoolean();
        for (int i = 0; i < n; i++) {
            b[i] = jsonish ? (byte) JSONISH.charAt(random.nextInt(JSONISH.length())) : (byte) random.nextInt(256);
        }
        return b;
    }

    private byte[] flipBits(byte[] value) {
        byte[] out = value.clone();
        if (out.length == 0) {
            return out;
        }
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            int bit = random.nextInt(out.length * 8);
            out[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return out;
    }

    private byte[] splice(byte[] into, byte[] from) {
        int at = random.nextInt(into.length + 1);
        int start = random.nextInt(from.length + 1);
        int len = random.nextInt(from.length - start + 1);
        byte[] out = new byte[into.length + len];
        System.arraycopy(into, 0, out, 0, at);
        System.arraycopy(from, start, out, at, len);
        System.arraycopy(into, at, out, at + len, into.length - at);
        return out;
    }

    private Message message(Seed seed) {
        return parsed.computeIfAbsent(seed, OtlpMutator::parse);
    }

    /** The seed's request as protobuf, e.g. to make a protobuf seed of an OTLP/JSON example. */
    public static byte[] toProto(Seed seed) {
        return parse(seed).toByteArray();
    }

    /** The seed's request message; seeds are valid records, so a failure here is the caller's mistake. */
    static Message parse(Seed seed) {
        Message.Builder b = seed.signal() == Signal.METRICS
                ? ExportMetricsServiceRequest.newBuilder()
                : ExportTraceServiceRequest.newBuilder();
        try {
            if (seed.encoding() == OtlpEncoding.OTLP_PROTO) {
                b.mergeFrom(seed.value());
            } else {
                OtlpJson.merge(seed.value(), b);
            }
        } catch (InvalidProtocolBufferException | OtlpJson.OtlpJsonException e) {
            throw new IllegalArgumentException("a seed record does not decode: " + e.getMessage(), e);
        }
        return b.build();
    }

    /** {@code message} as protobuf, or as OTLP/JSON (the protobuf JSON mapping with trace and span ids in hex). */
    static byte[] encode(Message message, OtlpEncoding encoding) {
        if (encoding == OtlpEncoding.OTLP_PROTO) {
            return message.toByteArray();
        }
        try {
            // Ids are the only base64 strings under these names, and base64 never contains a quote.
            Matcher m = BASE64_ID.matcher(PRINTER.print(message));
            StringBuilder json = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(
                        json,
                        m.group(1)
                                + HexFormat.of().formatHex(Base64.getDecoder().decode(m.group(2))) + "\"");
            }
            m.appendTail(json);
            return json.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
