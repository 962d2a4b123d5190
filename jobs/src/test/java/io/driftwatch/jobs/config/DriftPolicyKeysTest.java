package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.drift.config.DriftPolicyKeys;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.Method;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
}
