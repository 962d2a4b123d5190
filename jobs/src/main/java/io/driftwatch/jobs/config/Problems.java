package io.driftwatch.jobs.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects configuration problems, so that all of them are reported at once. */
final class Problems {

    private record Problem(Origin origin, String path, String message, int seq) {}

    private final List<Problem> problems = new ArrayList<>();

    /** Records a problem with {@code path} (null when the message names no key) at {@code origin}. */
    void add(Origin origin, String path, String message) {
        problems.add(new Problem(origin, path, message, problems.size()));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The formatted problems, by location; problems at the same location keep the order found. */
    List<String> lines() {
        return problems.stream()
                .sorted(Comparator.<Problem>comparingInt(p -> p.origin().rank())
                        .thenComparingInt(p -> p.origin().line())
                        .thenComparingInt(p -> p.origin().column())
                        .thenComparingInt(p -> p.origin().order())
                        .thenComparingInt(Problem::seq))
                .map(p -> p.origin().format(p.path(), p.message()))
                .toList();
    }

    /** Throws a {@link ConfigException} with all problems, if there are any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(lines());
        }
    }
}
