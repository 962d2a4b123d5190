package io.driftwatch.connectors.otlp.fuzz;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.connectors.otlp.DecodedOtlp;
import io.driftwatch.connectors.otlp.DecodedOtlpSerializer;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.OtlpDeserializationSchema;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.Rejection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Runs {@link OtlpMutator} cases through the Kafka deserialization schemas the job uses ({@link
 * OtlpDeserializationSchema#metrics} and {@link OtlpDeserializationSchema#spans}, both encodings) and checks
 * what must hold for any input:
 *
 * <ul>
 *   <li>no exception (nor error) leaves the schema, and it emits exactly one element per record;
 *   <li>no decoder bug was caught on the way ({@link RejectReason#UNDECODABLE} "decoder failure" details
 *       are the exception guard of {@code OtlpRecordDecoder} firing);
 *   <li>every record with a rejection becomes a dead letter with a reason and a detail, which its Kafka
 *       serialization schema turns into a record carrying the {@code driftwatch.reason} header;
 *   <li>a record over the size limit is rejected as {@link RejectReason#RECORD_TOO_LARGE} without its
 *       value, and nothing over the limit is accepted;
 *   <li>every 16th decoded element survives Flink's serializer (round trip, equal).
 * </ul>
 *
 * Violations are collected (up to 20, with the case number and kind to reproduce them), not thrown, so that
 * one run reports them all.
 */
public final class DecoderFuzz {

    /** What a run saw. */
    public static final class Tally {
        public long records;
        public long recordsAccepted;
        public long recordsRejected;
        public long itemsAccepted;
        public final Map<OtlpMutator.MutationKind, Long> byKind = new EnumMap<>(OtlpMutator.MutationKind.class);
        /** Time spent per kind, generating and checking. */
        public final Map<OtlpMutator.MutationKind, Long> nanosByKind = new EnumMap<>(OtlpMutator.MutationKind.class);
        /** Records with at least one rejection of the reason (a record may count under several reasons). */
        public final Map<RejectReason, Long> recordsByReason = new EnumMap<>(RejectReason.class);

        public final List<String> violations = new ArrayList<>();
        public long violationCount;
    }

    private static final int MAX_VIOLATIONS_KEPT = 20;

    private final Map<OtlpMutator.Signal, Map<OtlpEncoding, OtlpDeserializationSchema<?>>> schemas =
            new EnumMap<>(OtlpMutator.Signal.class);
    private final DeadLetterSerializationSchema deadLetters = new DeadLetterSerializationSchema("dead-letters");
    private final int maxRecordBytes;

    public DecoderFuzz(DecoderOptions options) {
        this.maxRecordBytes = options.maxRecordBytes();
        Map<String, OtlpEncoding> topics = Map.of(
                topic(OtlpEncoding.OTLP_PROTO), OtlpEncoding.OTLP_PROTO,
                topic(OtlpEncoding.OTLP_JSON), OtlpEncoding.OTLP_JSON);
        for (OtlpMutator.Signal signal : OtlpMutator.Signal.values()) {
            Map<OtlpEncoding, OtlpDeserializationSchema<?>> bySignal = new EnumMap<>(OtlpEncoding.class);
            for (OtlpEncoding e : OtlpEncoding.values()) {
                bySignal.put(
                        e,
                        signal == OtlpMutator.Signal.METRICS
                                ? OtlpDeserializationSchema.metrics(topics, options)
                                : OtlpDeserializationSchema.spans(topics, options));
            }
            schemas.put(signal, bySignal);
        }
    }

    private static String topic(OtlpEncoding e) {
        return "fuzz_" + e.configName();
    }

    /** Runs {@code records} cases of {@code mutator} into {@code tally}. */
    public void run(OtlpMutator mutator, long records, Tally tally) {
        for (long i = 0; i < records; i++) {
            long start = System.nanoTime();
            OtlpMutator.Case c = mutator.next();
            tally.records++;
            tally.byKind.merge(c.kind(), 1L, Long::sum);
            try {
                check(c, tally);
            } catch (Throwable t) { // StackOverflowError and OutOfMemoryError included: that is the point
                violation(tally, c, "escaped the deserializer: " + t);
            }
            tally.nanosByKind.merge(c.kind(), System.nanoTime() - start, Long::sum);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void check(OtlpMutator.Case c, Tally tally) throws IOException {
        OtlpDeserializationSchema schema =
                schemas.get(c.seed().signal()).get(c.seed().encoding());
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                topic(c.seed().encoding()),
                0,
                c.index(),
                c.timestampMillis(),
                TimestampType.CREATE_TIME,
                0,
                c.value().length,
                null,
                c.value(),
                new RecordHeaders(),
                Optional.empty());
        List<DecodedOtlp<?>> out = new ArrayList<>(1);
        schema.deserialize(record, new Collector<DecodedOtlp<?>>() {
            @Override
            public void collect(DecodedOtlp<?> d) {
                out.add(d);
            }

            @Override
            public void close() {}
        });
        if (out.size() != 1) {
            violation(tally, c, out.size() + " elements emitted for one record");
            return;
        }
        DecodedOtlp<?> decoded = out.get(0);
        List<Rejection> rejections = decoded.result().rejections();
        tally.itemsAccepted += decoded.result().accepted().size();
        boolean tooLarge = c.value().length > maxRecordBytes;
        if (tooLarge
                && (decoded.record().value() != null
                        || !decoded.result().accepted().isEmpty()
                        || rejections.size() != 1
                        || rejections.get(0).reason() != RejectReason.RECORD_TOO_LARGE)) {
            violation(tally, c, c.value().length + " bytes over the limit not rejected by size: " + rejections);
        }
        for (Rejection r : rejections) {
            if (r.reason() == RejectReason.UNDECODABLE && r.detail().contains("decoder failure")) {
                violation(tally, c, "decoder bug: " + r.detail());
            }
        }
        if (rejections.isEmpty()) {
            tally.recordsAccepted++;
        } else {
            tally.recordsRejected++;
            rejections.stream()
                    .map(Rejection::reason)
                    .distinct()
                    .forEach(r -> tally.recordsByReason.merge(r, 1L, Long::sum));
            DeadLetter letter = DeadLetter.of(decoded.record(), rejections);
            ProducerRecord<byte[], byte[]> written = deadLetters.serialize(letter, null, null);
            Header reason = written.headers().lastHeader(DeadLetterSerializationSchema.REASON);
            if (reason == null || reason.value().length == 0 || letter.detail().isEmpty()) {
                violation(tally, c, "dead letter without a reason or detail");
            }
        }
        if (c.index() % 16 == 0) {
            roundTrip(c, decoded, tally);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void roundTrip(OtlpMutator.Case c, DecodedOtlp<?> decoded, Tally tally) throws IOException {
        TypeSerializer serializer = c.seed().signal() == OtlpMutator.Signal.METRICS
                ? DecodedOtlpSerializer.METRICS
                : DecodedOtlpSerializer.SPANS;
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(decoded, out);
        Object back = serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        if (!decoded.equals(back)) {
            violation(tally, c, "Flink serializer round trip changed the element");
        }
    }

    private static void violation(Tally tally, OtlpMutator.Case c, String what) {
        tally.violationCount++;
        if (tally.violations.size() < MAX_VIOLATIONS_KEPT) {
            String text =
                    "case " + c.index() + " (" + c.kind() + ", " + c.seed().signal() + " "
                            + c.seed().encoding().configName() + ", " + c.value().length + " bytes): " + what;
            tally.violations.add(text.length() > 2_000 ? text.substring(0, 2_000) + "…" : text);
        }
    }
}
