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

    /**
     * One report per column (all the profile's when {@code columns} is empty), without charts: the profile
     * holds summaries, not the values a chart draws.
     */
    static List<ColumnReport> compare(
            Path profileFile, Path currentFile, List<String> columns, List<DriftMethod> methods, DriftPolicy policy)
            throws CliException {
        ReferenceProfile profile;
        try {
            profile = ReferenceProfile.fromBytes(Files.readAllBytes(profileFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(profileFile + ": " + e.getMessage());
        }
        ProfileInput current = ProfileInput.read(currentFile);
        ColumnComparator comparator = new ColumnComparator(policy);
        List<ColumnReport> reports = new ArrayList<>();
        for (String name : columns.isEmpty() ? List.copyOf(profile.columns().keySet()) : columns) {
            ReferenceProfile.Column column = profile.columns().get(name);
            if (column == null) {
                throw new CliException(profileFile + ": no column '" + name + "' (profile of " + profile.key() + " has "
                        + profile.columns().keySet() + ")");
            }
            List<String> cells = current.cells(name);
            if (cells == null) {
                throw new CliException(currentFile + ": no column '" + name + "' (columns: " + current.names() + ")");
            }
            FeatureSummary base = column.summary();
            boolean numeric = base.kind() == FeatureSummary.Kind.NUMERIC;
            ReferenceProfile.Column cur;
            try {
                cur = ProfileColumns.column(
                        name,
                        cells,
                        numeric ? ProfileColumns.Type.NUMERIC : ProfileColumns.Type.CATEGORICAL,
                        numeric ? base.numeric().relativeAccuracy() : 0.001,
                        CategoricalSummary.DEFAULT_MAX_CATEGORIES,
                        current::where);
            } catch (IllegalArgumentException e) {
                throw new CliException(currentFile + ": " + e.getMessage());
            }
            ColumnData.Type type = numeric ? ColumnData.Type.NUMERIC : ColumnData.Type.STRING;
            long n = base.observations();
            long m = cur.summary().observations();
            boolean enough = n >= policy.minSamples() && m >= policy.minSamples();
            DriftMethod alert =
                    DriftMethod.valueOf(policy.alertMethod(base.kind()).name());
            List<DriftMethod> wanted = ColumnComparator.methodsFor(type, methods);
            List<MethodResult> results = new ArrayList<>();
            for (MethodScore s : FeatureComparison.compare(base, cur.summary(), policy)) {
                DriftMethod method = DriftMethod.valueOf(s.method().name());
                if (!wanted.contains(method)) {
                    continue;
                }
                boolean decided = !Double.isNaN(s.threshold()) && enough;
                results.add(new MethodResult(
                        name,
                        type.label(),
                        method,
                        s.score(),
                        s.hasPValue() ? s.pValue() : null,
                        n,
                        m,
                        Double.isNaN(s.threshold()) ? null : s.threshold(),
                        decided ? s.exceeded() : null,
                        method == alert));
            }
            ColumnData data = ColumnData.of(
                    name,
                    type,
                    new ColumnData.Side(n + column.missing(), column.missing(), 0, null, null, null),
                    new ColumnData.Side(m + cur.missing(), cur.missing(), 0, null, null, null));
            reports.add(comparator.report(data, results, null));
        }
        return reports;
    }
}
