package io.driftwatch.jobs.pipeline;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * A warning that holds for every record or evaluation of a subject (a GPU type without a rate, a cost
 * key the catalog cannot price, a feature whose windows cannot be compared) is logged once per subject
 * and operator instance, not once per occurrence: the occurrences are counted in a metric beside it.
 * At most {@value #MAX_SUBJECTS} subjects are remembered; past them one line says that further
 * subjects are only counted. Not thread-safe: one per operator instance, created in {@code open}.
 */
public final class SubjectWarnings {

    static final int MAX_SUBJECTS = 10_000;

    private final Logger log;
    private final Set<String> warned = new HashSet<>();
    private boolean full;

    public SubjectWarnings(Logger log) {
        this.log = log;
    }

    /** Logs {@code format} with {@code args} at WARN unless a warning about {@code subject} was logged before. */
    public void warn(String subject, String format, Object... args) {
        if (full || warned.contains(subject)) {
            return;
        }
        if (warned.size() >= MAX_SUBJECTS) {
            full = true;
            log.warn("{} subjects warned about already: further ones are only counted in the metrics", MAX_SUBJECTS);
            return;
        }
        warned.add(subject);
        log.warn(format, args);
    }
}
