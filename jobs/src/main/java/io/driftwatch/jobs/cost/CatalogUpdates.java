package io.driftwatch.jobs.cost;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.Rejection;
import io.driftwatch.cost.catalog.CatalogDocument;
import io.driftwatch.cost.catalog.CatalogException;
import io.driftwatch.cost.catalog.CatalogProblem;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.pipeline.BroadcastTopic;
import io.driftwatch.jobs.pipeline.Sinks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * Catalog updates without a restart ({@code cost.catalog-topic}):
 *
 * <pre>
 * KafkaSource (all partitions, from the beginning, one subtask) ─▶ {@link Validation}
 *   ─▶ valid documents, broadcast to the pricing operators ({@link CatalogInForce})
 *   └▶ invalid ones as dead letters ─▶ KafkaSink (kafka.dead-letter-topic)
 * </pre>
 *
 * The catalog stream carries no event time: its watermark is the end of time, so it never holds the
 * pricing operators back. A document therefore applies from the moment it arrives, to every hour
 * evaluated afterwards; what it changes in event time is said by its own {@code effective-from}
 * dates. With the topic off the pricing operators are connected to an empty stream, so the job graph
 * has one shape.
 */
public final class CatalogUpdates {

    static final String UID_SOURCE = "cost-catalog-source";
    static final String UID_VALIDATION = "cost-catalog-validation";
    static final String UID_DEAD_LETTERS = "cost-catalog-dead-letter-sink";

    static final TypeInformation<CatalogUpdate> TYPE = TypeExtractor.getForClass(CatalogUpdate.class);

    private CatalogUpdates() {}

    /** The validated documents of {@code cost.catalog-topic} (none when it is off), broadcast. */
    static BroadcastStream<CatalogUpdate> attach(StreamExecutionEnvironment env, DriftwatchConfig config) {
        DataStream<CatalogUpdate> updates;
        if (config.cost().catalogUpdates()) {
            SingleOutputStreamOperator<CatalogUpdate> valid = env.fromSource(
                            BroadcastTopic.source(config.kafka(), config.cost().catalogTopic(), "-cost-catalog"),
                            BroadcastTopic.endOfTime(),
                            "Price catalog updates from Kafka")
                    .uid(UID_SOURCE)
                    .setParallelism(1)
                    .process(new Validation(config.cost().currency()))
                    .uid(UID_VALIDATION)
                    .name("Validate price catalogs")
                    .setParallelism(1);
            valid.getSideOutput(Validation.DEAD_LETTERS)
                    .sinkTo(Sinks.deadLetters(config))
                    .uid(UID_DEAD_LETTERS)
                    .name("Catalog dead letters to Kafka")
                    .setParallelism(1);
            updates = valid;
        } else {
            // A bounded source that ends at once (an empty fromData fails in Flink 2.2): its end is
            // the end of time, so it never holds the pricing operators back.
            updates = env.fromSequence(0, 0)
                    .name("No price catalog updates")
                    .setParallelism(1)
                    .flatMap((Long x, Collector<CatalogUpdate> out) -> {})
                    .returns(TYPE)
                    .name("None")
                    .setParallelism(1);
        }
        return updates.broadcast(CatalogInForce.STATE);
    }

    /**
     * Validates each document as the catalog file is validated at start-up, plus its currency (one per
     * deployment, {@code cost.currency}). A valid one goes on ({@code driftwatch.cost.catalog_updates});
     * an invalid one is dead-lettered with reason {@code invalid_catalog} and one detail line per
     * problem ({@code topic@partition:offset:line: key: message}), logged and counted ({@code
     * driftwatch.cost.invalid_catalogs}): the catalog in force stays.
     */
    static final class Validation extends ProcessFunction<OtlpRecord, CatalogUpdate> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(Validation.class);

        static final OutputTag<DeadLetter> DEAD_LETTERS =
                new OutputTag<>("cost-catalog-dead-letters", TypeInformation.of(DeadLetter.class));

        private final String currency;
        private transient Counter updates;
        private transient Counter invalid;

        Validation(String currency) {
            this.currency = currency;
        }

        @Override
        public void open(OpenContext openContext) {
            var group =
                    getRuntimeContext().getMetricGroup().addGroup("driftwatch").addGroup("cost");
            updates = group.counter("catalog_updates");
            invalid = group.counter("invalid_catalogs");
        }

        @Override
        public void processElement(OtlpRecord r, Context ctx, Collector<CatalogUpdate> out) {
            String source = r.topic() + "@" + r.partition() + ":" + r.offset();
            List<CatalogProblem> problems = new ArrayList<>();
            String text = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
            try {
                CatalogDocument d = CatalogDocument.parse(text, source);
                if (!d.catalog().currency().getCurrencyCode().equals(currency)) {
                    problems.add(new CatalogProblem(
                            source,
                            0,
                            "currency",
                            "the catalog is in " + d.catalog().currency().getCurrencyCode() + " but cost.currency is "
                                    + currency + ": one currency per deployment"));
                } else {
                    updates.inc();
                    LOG.info(
                            "price catalog version {} from {} is in force for the hours evaluated from now on",
                            d.version(),
                            source);
                    out.collect(new CatalogUpdate(d.version(), text));
                    return;
                }
            } catch (CatalogException e) {
                problems.addAll(e.problems());
            }
            invalid.inc();
            LOG.warn("price catalog from {} refused, dead-lettered; the catalog in force stays: {}", source, problems);
            List<Rejection> rejections = problems.stream()
                    .map(p -> new Rejection(RejectReason.INVALID_CATALOG, p.toString(), 1))
                    .toList();
            ctx.output(DEAD_LETTERS, DeadLetter.of(r, rejections));
        }
    }
}
