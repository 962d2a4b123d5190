package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.Rejection;
import io.driftwatch.drift.reference.ReferenceProfile;
import io.driftwatch.jobs.config.DriftConfig;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.pipeline.BroadcastTopic;
import io.driftwatch.jobs.pipeline.GroupKey;
import io.driftwatch.jobs.pipeline.Sinks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference profiles without a restart ({@code drift.baseline.mode: reference}):
 *
 * <pre>
 * KafkaSource(drift.reference-topic; all partitions, from the beginning, one subtask) ─▶ {@link Validation}
 *   ─▶ readable profiles, broadcast to the drift operator ({@link ReferencesInForce})
 *   └▶ unreadable or oversized ones as dead letters ─▶ KafkaSink (kafka.dead-letter-topic)
 * </pre>
 *
 * The stream's watermark is the end of time ({@link BroadcastTopic}): a profile applies from the moment
 * it arrives, to every evaluation afterwards. In other modes the drift operator is connected to an empty
 * stream, so the job graph has one shape.
 */
final class ReferenceUpdates {

    static final String UID_SOURCE = "drift-reference-source";
    static final String UID_VALIDATION = "drift-reference-validation";
    static final String UID_DEAD_LETTERS = "drift-reference-dead-letter-sink";

    static final TypeInformation<ReferenceUpdate> TYPE = TypeExtractor.getForClass(ReferenceUpdate.class);

    private ReferenceUpdates() {}

    /** The readable profiles of {@code drift.reference-topic} (none unless the mode is reference), broadcast. */
    static BroadcastStream<ReferenceUpdate> attach(StreamExecutionEnvironment env, DriftwatchConfig config) {
        DriftConfig.ReferenceConfig reference = config.drift().reference();
        DataStream<ReferenceUpdate> updates;
        if (reference.enabled()) {
            SingleOutputStreamOperator<ReferenceUpdate> valid = env.fromSource(
                            BroadcastTopic.source(config.kafka(), reference.topic(), "-drift-references"),
                            BroadcastTopic.endOfTime(),
                            "Reference profiles from Kafka")
                    .uid(UID_SOURCE)
                    .setParallelism(1)
                    .process(new Validation(reference.maxBytes()))
                    .uid(UID_VALIDATION)
                    .name("Read reference profiles")
                    .setParallelism(1);
            valid.getSideOutput(Validation.DEAD_LETTERS)
                    .sinkTo(Sinks.deadLetters(config))
                    .uid(UID_DEAD_LETTERS)
                    .name("Reference dead letters to Kafka")
                    .setParallelism(1);
            updates = valid;
        } else {
            // a bounded source that ends at once: its end is the end of time (see CatalogUpdates)
            updates = env.fromSequence(0, 0)
                    .name("No reference profiles")
                    .setParallelism(1)
                    .flatMap((Long x, Collector<ReferenceUpdate> out) -> {})
                    .returns(TYPE)
                    .name("None")
                    .setParallelism(1);
        }
        return updates.broadcast(ReferencesInForce.STATE);
    }

    /**
     * Reads each record as a {@link ReferenceProfile}: a readable one whose record key is its {@code
     * model/version} goes on ({@code driftwatch.drift.reference_updates}); one larger than {@code
     * drift.reference-max-bytes} is dead-lettered without its value (reason {@code record_too_large}), an
     * unreadable one or one under another key with reason {@code invalid_reference} and the problem; both
     * are logged and counted ({@code driftwatch.drift.invalid_references}), and the baseline in force stays.
     * A record without a value (a tombstone) removes its key's profile: the fallback baseline applies again.
     */
    static final class Validation extends ProcessFunction<OtlpRecord, ReferenceUpdate> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(Validation.class);

        static final OutputTag<DeadLetter> DEAD_LETTERS =
                new OutputTag<>("drift-reference-dead-letters", TypeInformation.of(DeadLetter.class));

        private final long maxBytes;
        private transient Counter updates;
        private transient Counter invalid;

        Validation(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void open(OpenContext openContext) {
            var group =
                    getRuntimeContext().getMetricGroup().addGroup("driftwatch").addGroup("drift");
            updates = group.counter("reference_updates");
            invalid = group.counter("invalid_references");
        }

        @Override
        public void processElement(OtlpRecord r, Context ctx, Collector<ReferenceUpdate> out) {
            String source = r.topic() + "@" + r.partition() + ":" + r.offset();
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                int slash = key == null ? -1 : key.lastIndexOf('/');
                if (slash > 0) {
                    updates.inc();
                    LOG.info(
                            "reference of {} removed by the tombstone at {}: its fallback baseline applies",
                            key,
                            source);
                    out.collect(new ReferenceUpdate(
                            GroupKey.of(List.of(key.substring(0, slash), key.substring(slash + 1))),
                            r.timestamp(),
                            null));
                    return;
                }
                reject(
                        r,
                        ctx,
                        source,
                        RejectReason.INVALID_REFERENCE,
                        "a tombstone needs the key model/version, got " + key);
                return;
            }
            if (r.value().length > maxBytes) {
                reject(
                        new OtlpRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), null),
                        ctx,
                        source,
                        RejectReason.RECORD_TOO_LARGE,
                        r.value().length + " bytes exceed drift.reference-max-bytes (" + maxBytes + ") at " + source);
                return;
            }
            ReferenceProfile p;
            try {
                p = ReferenceProfile.fromBytes(r.value());
            } catch (IllegalArgumentException e) {
                reject(r, ctx, source, RejectReason.INVALID_REFERENCE, source + ": " + e.getMessage());
                return;
            }
            if (!p.key().equals(key)) {
                reject(
                        r,
                        ctx,
                        source,
                        RejectReason.INVALID_REFERENCE,
                        source + ": the record key " + key + " is not the profile's model/version " + p.key()
                                + " (compaction keeps one record per key)");
                return;
            }
            updates.inc();
            LOG.info(
                    "reference profile of {} from {} ({} columns) is the baseline from the next evaluation on",
                    p.key(),
                    source,
                    p.columns().size());
            out.collect(new ReferenceUpdate(GroupKey.of(List.of(p.model(), p.version())), r.timestamp(), r.value()));
        }

        private void reject(OtlpRecord r, Context ctx, String source, RejectReason reason, String detail) {
            invalid.inc();
            LOG.warn("reference record at {} refused, dead-lettered; the baseline in force stays: {}", source, detail);
            ctx.output(DEAD_LETTERS, DeadLetter.of(r, List.of(new Rejection(reason, detail, 1))));
        }
    }
}
