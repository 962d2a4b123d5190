package io.driftwatch.jobs.config;

import java.util.List;

/**
 * The configuration is invalid. Carries every problem found, not only the first, each a single line
 * naming where it comes from (file and line, or the {@code --set} argument) and the full dotted key,
 * e.g. {@code driftwatch.yaml:12:3: confidence.current-window: "24hours" is not a duration (...)}.
 * The message is the problems, one per line.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems one line each; at least one */
    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order of their location: command line, file by line, then {@code --set}s. */
    public List<String> problems() {
        return problems;
    }
}
