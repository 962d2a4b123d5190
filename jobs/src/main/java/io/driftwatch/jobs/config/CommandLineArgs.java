package io.driftwatch.jobs.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The configuration arguments of a Driftwatch job's {@code main}:
 * {@code [--config FILE] [--set KEY=VALUE]... [--help]}; {@code --config=FILE} and
 * {@code --set=KEY=VALUE} are accepted too.
 *
 * @param configFile the YAML file, or null when not given
 * @param overrides the {@code KEY=VALUE} overrides, in order
 * @param help whether {@code --help} was given
 */
public record CommandLineArgs(Path configFile, List<String> overrides, boolean help) {

    public CommandLineArgs {
        overrides = List.copyOf(overrides);
    }

    /**
     * Parses {@code args}.
     *
     * @throws ConfigException listing every malformed argument
     */
    public static CommandLineArgs parse(String... args) {
        Path configFile = null;
        List<String> overrides = new ArrayList<>();
        boolean help = false;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean inline = !option.equals(arg);
            switch (option) {
                case "--help", "-h" -> help = true;
                case "--config", "--set" -> {
                    String value;
                    if (inline) {
                        value = arg.substring(option.length() + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        problems.add(option + ": missing " + (option.equals("--set") ? "KEY=VALUE" : "FILE"));
                        continue;
                    }
                    if (option.equals("--set")) {
                        overrides.add(value);
                    } else if (configFile != null) {
                        problems.add("--config " + value + ": given twice (also --config " + configFile + ")");
                    } else if (value.isBlank()) {
                        problems.add("--config: missing FILE");
                    } else {
                        configFile = Path.of(value);
                    }
                }
                default ->
                    problems.add("unknown argument '" + arg + "' (expected --config FILE, --set KEY=VALUE or --help)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new CommandLineArgs(configFile, overrides, help);
    }

    /** The usage text of a command taking these arguments, with the reference of every key. */
    public static String usage(String command) {
        Objects.requireNonNull(command, "command");
        return "Usage: " + command + " [--config FILE] [--set KEY=VALUE]... [--help]\n"
                + "\n"
                + "  --config FILE    YAML configuration file (keys below; unknown keys are errors)\n"
                + "  --set KEY=VALUE  override one key, after the file; repeatable. KEY is the dotted path,\n"
                + "                   list items by index (kafka.inputs[0].topic; [n] = size appends);\n"
                + "                   a list of strings is given comma-separated (ingest.drop-labels=a,b)\n"
                + "  --help           print this text\n"
                + "\n"
                + "Values may use environment variables: ${NAME}, or ${NAME:-default} when unset or empty.\n"
                + "Durations: 500ms, 90s, 15m, 24h, 30d, 1w, 1h30m or ISO-8601 (PT24H, P30D).\n"
                + "Sizes: 512B, 64KiB, 4MiB, 5MB, or a plain number of bytes.\n"
                + "\n"
                + "Configuration keys (default, then meaning):\n"
                + DriftwatchConfig.describe();
    }
}
