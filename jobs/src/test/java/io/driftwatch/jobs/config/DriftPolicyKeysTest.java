package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.config.DriftPolicyKeys;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's drift section is read through drift-stats' {@link DriftPolicyKeys}, which {@code drift-stats
 * compare} reads too: its keys are the policy's and the job-only ones compare ignores, and the bound policy
 * is the one the keys say.
 */
class DriftPolicyKeysTest {

    @Test
    void theDriftSectionsKeysAreThePolicyKeysAndTheJobOnlyKeys() {
        Set<String> job = new LinkedHashSet<>();
        for (ConfigKey k : ConfigLoader.keys()) {
            if (k.path().startsWith("drift.")) {
                job.add(k.path().substring("drift.".length()).split("[.\\[]")[0]);
            }
        }
        job.add("sketch-k"); // removed: reported when set, so compare must not call it unknown either
        Set<String> shared = new LinkedHashSet<>(DriftPolicyKeys.KEYS);
        shared.addAll(DriftPolicyKeys.JOB_ONLY_KEYS);
        assertEquals(new java.util.TreeSet<>(job), new java.util.TreeSet<>(shared));
    }

    @Test
    void theBoundPolicyIsTheOneTheKeysSay() {
        assertEquals(DriftPolicy.defaults(), TestConfigs.load("").drift().policy());
        DriftPolicy policy = TestConfigs.load(
                        "drift:\n  ks-min-d: 0.02\n  bins: 20\n",
                        "drift.numeric-alert-method=PSI",
                        "drift.min-samples=50",
                        "drift.resolve-ratio=0.5")
                .drift()
                .policy();
        assertEquals(
                DriftPolicy.builder()
                        .ksMinD(0.02)
                        .bins(20)
                        .numericAlertMethod(Method.PSI)
                        .minSamples(50)
                        .resolveRatio(0.5)
                        .build(),
                policy);
    }

    /** The same file and overrides as drift-stats' CompareVerdictTest: the job reports the same lines. */
    @Test
    void theJobsMessagesForBadDriftKeysAreThoseCompareRepeats(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                drift:
                  ks-alfa: 0.01
                  psi-threshold: -1
                  bins: many
                  numeric-alert-method: wasserstein
                """);
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> TestConfigs.loadFile(file, "drift.resolve-ratio=2", "drift.js-treshold=0.2"));
        String f = file.toString();
        for (String expected : List.of(
                f + ":2:3: unknown key 'drift.ks-alfa' (did you mean 'drift.ks-alpha'?)",
                f + ":3:3: drift.psi-threshold: must be greater than 0 (got -1.0)",
                f + ":4:3: drift.bins: \"many\" is not an integer",
                f + ":5:3: drift.numeric-alert-method: must be one of ks, psi, js (got \"wasserstein\")",
                "--set drift.resolve-ratio=2: must be in (0, 1] (got 2.0)",
                "--set drift.js-treshold=0.2: unknown key 'drift.js-treshold' (did you mean 'drift.js-threshold'?)")) {
            assertTrue(e.problems().contains(expected), expected + " in\n" + String.join("\n", e.problems()));
        }
    }
}
