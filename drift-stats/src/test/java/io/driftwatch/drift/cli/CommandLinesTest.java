package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The conventions that devstack's command lines share with {@code compare}, on a command of its own. */
class CommandLinesTest {

    enum Colour {
        RED,
        DARK_BLUE;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    static final class ColourConverter extends CommandLines.EnumConverter<Colour> {
        ColourConverter() {
            super(Colour.class);
        }
    }

    @Command(name = "paint")
    static final class Paint implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--coats", defaultValue = "2", description = "Coats (default: ${DEFAULT-VALUE}).")
        int coats;

        @Option(names = "--colour", defaultValue = "red", converter = ColourConverter.class, description = "Colour.")
        Colour colour;

        @Mixin
        CommandLines.HelpOption help;

        @Override
        public Integer call() {
            if (coats > 5) {
                throw CommandLines.invalidValue(spec, "--coats", "at most 5, got " + coats);
            }
            return 0;
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Paint paint, String... args) {
        CommandLine commandLine = CommandLines.create(
                paint,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return commandLine.execute(args);
    }

    @Test
    void helpGoesToOutInDeclarationOrderAndExitsZero() {
        assertEquals(0, run(new Paint(), "-h"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertEquals(
                "usage: paint [-h] [--coats=<coats>] [--colour=<colour>]",
                help.lines().findFirst().orElseThrow());
        assertTrue(
                help.indexOf("--coats") < help.indexOf("--colour") && help.indexOf("--colour") < help.indexOf("--help"),
                help);
        assertTrue(help.contains("Coats (default: 2)."), help);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyBadArgumentIsReportedAlikeWithExitCodeTwo() {
        String synopsis = "usage: paint [OPTIONS]\n";
        String hint = "Run with --help for every option.\n";
        assertEquals(2, run(new Paint(), "--coats", "many"));
        assertEquals("paint: Invalid value for option '--coats': 'many' is not an int\n" + synopsis + hint, stderr());
        assertEquals(2, run(new Paint(), "--coats", "9"));
        assertEquals("paint: Invalid value for option '--coats': at most 5, got 9\n" + synopsis + hint, stderr());
        assertEquals(2, run(new Paint(), "--colour", "green"));
        assertEquals(
                "paint: Invalid value for option '--colour': expected one of red, dark-blue, got 'green'\n" + synopsis
                        + hint,
                stderr());
        assertEquals(2, run(new Paint(), "--coast", "1"));
        String unknown = stderr();
        assertTrue(
                unknown.startsWith("paint: Unknown options: '--coast', '1'\nPossible solutions: --coats")
                        && unknown.endsWith("\n" + synopsis + hint),
                unknown);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void enumValuesIgnoreCase() {
        Paint paint = new Paint();
        assertEquals(0, run(paint, "--colour", "Dark-Blue"));
        assertEquals(Colour.DARK_BLUE, paint.colour);
    }

    private String stderr() {
        String s = err.toString(StandardCharsets.UTF_8);
        err.reset();
        return s;
    }
}
