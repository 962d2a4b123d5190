package io.driftwatch.drift.cli;

import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureComparison;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.MethodScore;
import io.driftwatch.drift.reference.ProfileColumns;
import io.driftwatch.drift.reference.ReferenceProfile;
import io.driftwatch.drift.sketch.CategoricalSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code compare --baseline ref.dwp}: a reference profile as the baseline. The current file's columns are
 * summarised as the profile's are (same kind, same relative accuracy) and scored against the profile's
 * summaries by the streaming job's {@link FeatureComparison} and {@link DriftPolicy} defaults, so the
 * result is the job's for the same data; {@code threshold} is then the score's threshold (KS: the
 * sketch-aware D threshold at these sample sizes) and {@code drifted} whether the score reaches it.
 */
final class ProfileBaseline {

    private ProfileBaseline() {}

    /** Whether {@code file} starts with the profile magic bytes (a missing file is not a profile). */
    static boolean isProfile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ReferenceProfile.isProfile(in.readNBytes(4));
        } catch (IOException e) {
            return false;
        }
    }

    static List<MethodResult> compare(
            Path profileFile, Path currentFile, List<String> columns, List<DriftMethod> methods, int bins)
            throws CliException {
        ReferenceProfile profile;
        try {
            profile = ReferenceProfile.fromBytes(Files.readAllBytes(profileFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(profileFile + ": " + e.getMessage());
        }
        ProfileInput current = ProfileInput.read(currentFile);
        DriftPolicy policy = DriftPolicy.builder().bins(bins).build();
        List<MethodResult> results = new ArrayList<>();
        for (String name : columns.isEmpty() ? List.copyOf(profile.columns().keySet()) : columns) {
            FeatureSummary base = profile.summary(name);
            if (base == null) {
                throw new CliException(profileFile + ": no column '" + name + "' (profile of " + profile.key() + " has "
                        + profile.columns().keySet() + ")");
            }
            List<String> cells = current.cells(name);
            if (cells == null) {
                throw new CliException(currentFile + ": no column '" + name + "' (columns: " + current.names() + ")");
            }
            boolean numeric = base.kind() == FeatureSummary.Kind.NUMERIC;
            FeatureSummary cur;
            try {
                cur = ProfileColumns.column(
                                name,
                                cells,
                                numeric ? ProfileColumns.Type.NUMERIC : ProfileColumns.Type.CATEGORICAL,
                                numeric ? base.numeric().relativeAccuracy() : 0.001,
                                CategoricalSummary.DEFAULT_MAX_CATEGORIES,
                                current::where)
                        .summary();
            } catch (IllegalArgumentException e) {
                throw new CliException(currentFile + ": " + e.getMessage());
            }
            for (MethodScore s : FeatureComparison.compare(base, cur, policy)) {
                DriftMethod m = DriftMethod.valueOf(s.method().name());
                if (!methods.isEmpty() && !methods.contains(m)) {
                    continue;
                }
                boolean hasThreshold = !Double.isNaN(s.threshold());
                results.add(new MethodResult(
                        name,
                        numeric ? "numeric" : "string",
                        m,
                        s.score(),
                        s.hasPValue() ? s.pValue() : null,
                        base.observations(),
                        cur.observations(),
                        hasThreshold ? s.threshold() : null,
                        hasThreshold ? s.exceeded() : null));
            }
        }
        return results;
    }
}
