package io.driftwatch.drift.config;

import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.Method;
import io.driftwatch.drift.psi.Psi;
import java.util.List;

/**
 * The configuration keys of a {@link DriftPolicy} (under {@code drift.} in the job's configuration): their
 * names, defaults, documentation and validation, declared once. The job's configuration binder reads them
 * from {@code driftwatch.yaml} and {@code --set}, and {@code drift-stats compare} from the same file and
 * arguments, through a {@link Reader} each; so both decide with the same policy and report a bad value
 * with the same words.
 */
public final class DriftPolicyKeys {

    /** The keys read by {@link #read}, relative to {@code drift.}. */
    public static final List<String> KEYS = List.of(
            "bins",
            "psi-threshold",
            "js-threshold",
            "ks-min-d",
            "ks-alpha",
            "numeric-alert-method",
            "categorical-alert-method",
            "min-samples",
            "resolve-ratio",
            "short-window-alpha");

    /**
     * The other keys of the job's {@code drift} section (top level; {@code spans} and {@code baseline} are
     * mappings): they configure its inputs and windows, which an offline comparison does not have, so
     * {@code compare} accepts and ignores them.
     */
    public static final List<String> JOB_ONLY_KEYS = List.of(
            "enabled",
            "metric",
            "feature-label",
            "spans",
            "evaluation-interval",
            "current-window",
            "short-window",
            "fdr-q",
            "baseline",
            "sketch-k",
            "sketch-relative-accuracy",
            "max-categories",
            "reference-topic",
            "reference-max-bytes",
            "segments",
            "max-segments-per-model",
            "rollups");

    /**
     * Typed reading of one configuration mapping: each method returns the key's value (its default when
     * absent or unreadable, having reported why), and registers the key with its documentation.
     */
    public interface Reader {
        double number(String key, double def, String doc);

        /** An integer; reports "must be at least {@code min}" below it, but returns the value read. */
        int integer(String key, int def, int min, String doc);

        /** One of {@code allowed}, case ignored, returned as listed. */
        String oneOf(String key, String def, List<String> allowed, String doc);

        /** Reports {@code message} for {@code key} unless {@code ok} (or the key already has a problem); returns ok. */
        boolean check(String key, boolean ok, String message);
    }

    private DriftPolicyKeys() {}

    /** Reads the policy's keys; an invalid value is reported through {@code s} and its default used. */
    public static DriftPolicy read(Reader s) {
        DriftPolicy.Builder b = DriftPolicy.builder();
        int bins = s.integer("bins", Psi.DEFAULT_BINS, 2, "Baseline-quantile bins of numeric PSI and JS.");
        if (bins >= 2) {
            b.bins(bins);
        }
        double psi = s.number(
                "psi-threshold",
                Psi.ALERT_THRESHOLD,
                "PSI at or above this calls drift (0.2 is the usual warn level); > 0.");
        if (s.check("psi-threshold", psi > 0, "must be greater than 0 (got " + psi + ")")) {
            b.psiThreshold(psi);
        }
        double js = s.number(
                "js-threshold",
                JensenShannon.DEFAULT_THRESHOLD,
                "Jensen-Shannon distance (base 2) at or above this calls drift; in (0, 1].");
        if (s.check("js-threshold", js > 0 && js <= 1, "must be in (0, 1] (got " + js + ")")) {
            b.jsThreshold(js);
        }
        double ksMinD =
                s.number("ks-min-d", DriftPolicy.DEFAULT_KS_MIN_D, "Smallest KS D that calls drift; in [0, 1).");
        if (s.check("ks-min-d", ksMinD >= 0 && ksMinD < 1, "must be in [0, 1) (got " + ksMinD + ")")) {
            b.ksMinD(ksMinD);
        }
        double ksAlpha = s.number(
                "ks-alpha",
                DriftPolicy.DEFAULT_KS_ALPHA,
                "Significance level of the KS criterion, which allows for the sketches' rank error; in (0, 1).");
        if (s.check("ks-alpha", ksAlpha > 0 && ksAlpha < 1, "must be in (0, 1) (got " + ksAlpha + ")")) {
            b.ksAlpha(ksAlpha);
        }
        b.numericAlertMethod(Method.parse(s.oneOf(
                "numeric-alert-method",
                "ks",
                List.of("ks", "psi", "js"),
                "Method whose score drives events of numeric and histogram features: ks, psi or js.")));
        b.categoricalAlertMethod(Method.parse(s.oneOf(
                "categorical-alert-method",
                "psi",
                List.of("psi", "js"),
                "Method whose score drives events of categorical features: psi or js.")));
        int minSamples = s.integer(
                "min-samples",
                (int) DriftPolicy.DEFAULT_MIN_SAMPLES,
                1,
                "Observations each window needs before a feature may fire or resolve.");
        if (minSamples >= 1) {
            b.minSamples(minSamples);
        }
        double resolveRatio = s.number(
                "resolve-ratio",
                DriftPolicy.DEFAULT_RESOLVE_RATIO,
                "A firing feature resolves when its score falls below this fraction of the threshold; in (0, 1].");
        if (s.check(
                "resolve-ratio",
                resolveRatio > 0 && resolveRatio <= 1,
                "must be in (0, 1] (got " + resolveRatio + ")")) {
            b.resolveRatio(resolveRatio);
        }
        double shortAlpha = s.number(
                "short-window-alpha",
                DriftPolicy.DEFAULT_SHORT_WINDOW_ALPHA,
                "Significance of the short window's KS criterion and of its sample-size-aware PSI/JS thresholds; in (0, 1).");
        if (s.check(
                "short-window-alpha", shortAlpha > 0 && shortAlpha < 1, "must be in (0, 1) (got " + shortAlpha + ")")) {
            b.shortWindowAlpha(shortAlpha);
        }
        return b.build();
    }
}
