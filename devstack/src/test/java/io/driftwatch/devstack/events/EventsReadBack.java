package io.driftwatch.devstack.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads an events topic written by the job the ways the README shows any client can: Debian's {@code
 * kcat} with {@code isolation.level=read_committed}, and {@code ./driftwatch.sh events}; both must give
 * exactly the committed documents (read independently with a Java consumer), each valid against the
 * published JSON Schema, and the command's filters must select what an independent filter selects.
 */
public final class EventsReadBack {

    static final Path KCAT = Path.of("/usr/bin/kcat");

    private EventsReadBack() {}

    public static void check(
            String bootstrap, String topic, List<ConsumerRecord<byte[], byte[]>> committed, Schema schema)
            throws Exception {
        assertFalse(committed.isEmpty(), "no events to read back");
        List<String> expected = committed.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .sorted()
                .toList();

        assertTrue(Files.isExecutable(KCAT), KCAT + " missing: apt-get install kcat (.ci/run does)");
        List<String> kcat = lines(run(
                KCAT.toString(),
                "-C",
                "-b",
                bootstrap,
                "-t",
                topic,
                "-X",
                "isolation.level=read_committed",
                "-o",
                "beginning",
                "-e",
                "-q",
                "-f",
                "%s\\n"));
        assertEquals(expected, kcat.stream().sorted().toList(), "kcat reads the committed events");
        ObjectMapper json = new ObjectMapper();
        for (String doc : kcat) {
            assertEquals(List.of(), schema.validate(json.readTree(doc)), doc);
        }

        // the command: every event, ordered by event time, exactly as on the topic
        List<EventView> views = expected.stream()
                .map(d -> EventView.parse(d.getBytes(StandardCharsets.UTF_8)))
                .sorted(Comparator.comparing(EventView::eventTime).thenComparing(EventView::json))
                .toList();
        assertEquals(
                views.stream().map(EventView::json).toList(),
                command("--bootstrap-servers", bootstrap, "--topic", topic, "--format", "json"));

        // filters, against an independent selection of the documents
        Instant since = views.get(views.size() / 2).eventTime();
        String model = views.get(0).model();
        List<String> table = command(
                "--bootstrap-servers",
                bootstrap,
                "--topic",
                topic,
                "--type",
                "feature_drift",
                "--model",
                model,
                "--since",
                since.toString());
        List<String> selected = new ArrayList<>();
        for (String doc : expected) {
            var node = json.readTree(doc);
            if (node.get("type").asText().equals("feature_drift")
                    && node.get("model_name").asText().equals(model)
                    && !Instant.parse(node.get("event_time").asText()).isBefore(since)) {
                selected.add(node.get("event_time").asText() + " "
                        + node.get("state").asText() + " "
                        + node.get("model_name").asText() + "/"
                        + node.get("model_version").asText() + "/"
                        + node.get("feature").asText());
            }
        }
        assertEquals(EventView.TABLE_HEADER, table.get(0));
        assertEquals(
                selected.stream().sorted().toList(),
                table.subList(1, table.size()).stream()
                        .map(row -> {
                            String[] cols = row.trim().split("\\s+");
                            return cols[0] + " " + cols[2] + " " + cols[3];
                        })
                        .sorted()
                        .toList(),
                "--type feature_drift --model " + model + " --since " + since);
        assertEquals(
                List.of(EventView.TABLE_HEADER),
                command("--bootstrap-servers", bootstrap, "--topic", topic, "--type", "cost_anomaly"),
                "no cost events in this scenario");
    }

    /** The command's stdout lines; it must exit 0 with nothing on stderr. */
    static List<String> command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EventsCommand.commandLine(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
        assertEquals(0, code, Arrays.toString(args) + ": " + err.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        return lines(out.toString(StandardCharsets.UTF_8));
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kcat did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + err);
        return out;
    }

    static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isEmpty()).toList();
    }
}
