package io.driftwatch.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class SubjectWarningsTest {

    /** A Logger that records the format of every warn call. */
    private static Logger recording(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(
                Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (p, m, a) -> {
                    if (m.getName().equals("warn")) {
                        lines.add(String.valueOf(a[0]));
                    }
                    return m.getReturnType() == boolean.class ? true : null;
                });
    }

    @Test
    void logsOncePerSubjectAndStopsRememberingAtTheLimit() {
        List<String> lines = new ArrayList<>();
        SubjectWarnings w = new SubjectWarnings(recording(lines));
        for (int pass = 0; pass < 20; pass++) {
            w.warn("A100/aws", "no rate for {}", "A100");
            w.warn("H100/gcp", "no rate for {}", "H100");
        }
        assertEquals(List.of("no rate for {}", "no rate for {}"), lines);

        lines.clear();
        SubjectWarnings many = new SubjectWarnings(recording(lines));
        for (int i = 0; i < SubjectWarnings.MAX_SUBJECTS + 50; i++) {
            many.warn("s" + i, "subject {}", i);
        }
        assertEquals(SubjectWarnings.MAX_SUBJECTS + 1, lines.size());
        assertEquals(
                "{} subjects warned about already: further ones are only counted in the metrics",
                lines.get(lines.size() - 1));
    }
}
