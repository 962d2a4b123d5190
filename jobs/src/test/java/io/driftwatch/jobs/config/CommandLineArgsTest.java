package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineArgsTest {

    @TempDir
    Path dir;

    @Test
    void parsesConfigSetAndHelpInBothForms() {
        CommandLineArgs a = CommandLineArgs.parse(
                "--config", "a.yaml", "--set", "kafka.group-id=x", "--set=kafka.bounded=true", "--help");
        assertEquals(Path.of("a.yaml"), a.configFile());
        assertEquals(List.of("kafka.group-id=x", "kafka.bounded=true"), a.overrides());
        assertTrue(a.help());

        CommandLineArgs b = CommandLineArgs.parse("--config=b.yaml");
        assertEquals(Path.of("b.yaml"), b.configFile());
        assertFalse(b.help());

        CommandLineArgs none = CommandLineArgs.parse();
        assertNull(none.configFile());
        assertEquals(List.of(), none.overrides());
    }

    @Test
    void reportsEveryMalformedArgument() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> CommandLineArgs.parse("--config", "a.yaml", "--confi", "--config=b.yaml", "extra", "--set"));
        assertEquals(
                List.of(
                        "unknown argument '--confi' (expected --config FILE, --set KEY=VALUE or --help)",
                        "--config b.yaml: given twice (also --config a.yaml)",
                        "unknown argument 'extra' (expected --config FILE, --set KEY=VALUE or --help)",
                        "--set: missing KEY=VALUE"),
                e.problems());
    }

    @Test
    void fromArgsLoadsTheFileThenTheOverrides() throws Exception {
        Path file = Files.writeString(
                dir.resolve("driftwatch.yaml"),
                "confidence:\n  current-window: 12h\n" + "kafka:\n  group-id: from-file\n");
        DriftwatchConfig c = DriftwatchConfig.fromArgs(
                new String[] {"--config", file.toString(), "--set", "kafka.group-id=from-args"});
        assertEquals(Duration.ofHours(12), c.confidence().currentWindow());
        assertEquals("from-args", c.kafka().groupId());
    }

    @Test
    void fromArgsNamesTheFileInProblems() throws Exception {
        Path file = Files.writeString(dir.resolve("driftwatch.yaml"), "confidence:\n  current-window: 24hours\n");
        ConfigException e = assertThrows(
                ConfigException.class, () -> DriftwatchConfig.fromArgs(new String[] {"--config", file.toString()}));
        assertEquals(
                List.of(file + ":2:3: confidence.current-window: \"24hours\" is not a duration (use e.g. 90s,"
                        + " 15m, 24h, 30d or ISO-8601 PT24H)"),
                e.problems());
    }

    @Test
    void fromArgsLeavesHelpToTheCaller() {
        assertThrows(ConfigException.class, () -> DriftwatchConfig.fromArgs(new String[] {"--help"}));
    }

    @Test
    void usageListsTheOptionsAndEveryKey() {
        String usage = CommandLineArgs.usage("driftwatch-confidence");
        assertTrue(usage.startsWith("Usage: driftwatch-confidence [--config FILE] [--set KEY=VALUE]... [--help]\n"));
        assertTrue(usage.endsWith(DriftwatchConfig.describe()));
    }
}
