package io.driftwatch.devstack.events;

import io.driftwatch.devstack.cli.Commands;
import io.driftwatch.devstack.cli.Converters;
import io.driftwatch.jobs.config.Durations;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ./driftwatch.sh events}: prints the events topic's documents (README, "Events for any
 * client"), read with {@code isolation.level=read_committed} so that only events of completed
 * checkpoints show, filtered by type, model and event time. Without {@code --follow}: everything
 * committed when it starts, ordered by event time then event id (the same output for the same topic),
 * then exits; with it, also every event committed later, as it arrives, until interrupted. A record that
 * is not an event document is reported on stderr with its partition and offset and skipped; the exit
 * code is then 1.
 */
@Command(
        name = "events",
        customSynopsis = "./driftwatch.sh events [OPTIONS]",
        description =
                "Prints Driftwatch's events (feature_drift, confidence_drift, cost_anomaly, cost_spike) from Kafka, committed ones only.",
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n")
public final class EventsCommand implements Callable<Integer> {

    enum Format {
        table,
        json
    }

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "B",
            defaultValue = "localhost:9092",
            description = "Kafka brokers (default: ${DEFAULT-VALUE}, the compose stack's host listener).")
    String bootstrapServers;

    @Option(
            names = "--topic",
            paramLabel = "T",
            defaultValue = "ml.drift.events",
            description = "The events topic, output.events-topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--follow", description = "Keep reading new events until interrupted.")
    boolean follow;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "Only events of this type: feature_drift, confidence_drift, cost_anomaly or cost_spike.",
            converter = EventType.class)
    String type;

    @Option(names = "--model", paramLabel = "M", description = "Only events whose model_name is M.")
    String model;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Only events with event_time at or after TIME: an RFC 3339 instant (2026-11-24T14:00:00Z),"
                    + " a date (2026-11-24, midnight UTC) or a duration back from now (24h, 7d).",
            converter = Since.class)
    Instant since;

    @Option(
            names = "--format",
            paramLabel = "F",
            defaultValue = "table",
            description = "table (default) or json: each document exactly as on the topic, one per line.")
    Format format;

    @Option(
            names = "--timeout",
            paramLabel = "D",
            defaultValue = "30s",
            description = "How long to wait for the brokers' answer (default: ${DEFAULT-VALUE}).",
            converter = Converters.PositiveDuration.class)
    Duration timeout;

    private PrintStream out;
    private PrintStream err;

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The command line that {@link #main} executes: events to {@code out}, problems to {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        EventsCommand command = new EventsCommand();
        command.out = out;
        command.err = err;
        return Commands.create(command, out, err);
    }

    @Override
    public Integer call() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "driftwatch-events");
        int bad = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var info = consumer.partitionsFor(topic, timeout);
            if (info == null || info.isEmpty()) {
                err.println("events: topic " + topic + " does not exist on " + bootstrapServers);
                return 1;
            }
            List<TopicPartition> partitions = info.stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end offsets are the last stable offsets, what was committed by now
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            if (format == Format.table) {
                out.println(EventView.TABLE_HEADER);
            }
            List<EventView> backlog = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    bad += collect(r, backlog);
                }
            }
            backlog.sort(Comparator.comparing(EventView::eventTime).thenComparing(EventView::json));
            backlog.forEach(this::print);
            out.flush();
            while (follow && !Thread.currentThread().isInterrupted()) {
                List<EventView> arrived = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    bad += collect(r, arrived);
                }
                arrived.forEach(this::print);
                out.flush();
            }
        } catch (InterruptException e) {
            // --follow ends when the thread is interrupted (Ctrl-C ends the JVM anyway)
        } catch (KafkaException e) {
            err.println("events: cannot read " + topic + " from Kafka at " + bootstrapServers + ": " + e.getMessage());
            return 1;
        }
        return bad == 0 ? 0 : 1;
    }

    /** Adds the record's event to {@code into} when it matches; 1 when the record is not an event. */
    private int collect(ConsumerRecord<byte[], byte[]> r, List<EventView> into) {
        try {
            EventView e = EventView.parse(r.value() == null ? new byte[0] : r.value());
            if (e.matches(type, model, since)) {
                into.add(e);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("events: skipped " + r.topic() + " partition " + r.partition() + " offset " + r.offset()
                    + ": not an event document (" + e.getMessage() + ")");
            return 1;
        }
    }

    private void print(EventView e) {
        out.println(format == Format.json ? e.json() : e.tableRow());
    }

    /** The event types of the schema's {@code type} enum. */
    static final class EventType implements ITypeConverter<String> {
        static final List<String> TYPES = List.of("feature_drift", "confidence_drift", "cost_anomaly", "cost_spike");

        @Override
        public String convert(String value) {
            if (!TYPES.contains(value)) {
                throw new TypeConversionException(
                        "'" + value + "' is not an event type (" + String.join(", ", TYPES) + ")");
            }
            return value;
        }
    }

    /** An instant, a date (midnight UTC) or a duration back from now. */
    static final class Since implements ITypeConverter<Instant> {
        final Clock clock;

        Since() {
            this(Clock.systemUTC());
        }

        Since(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notADate) {
                    try {
                        return clock.instant().minus(Durations.parse(value));
                    } catch (IllegalArgumentException notADuration) {
                        throw new TypeConversionException("'" + value
                                + "' is neither an instant (2026-11-24T14:00:00Z), a date (2026-11-24) nor a duration"
                                + " (24h, 7d)");
                    }
                }
            }
        }
    }
}
