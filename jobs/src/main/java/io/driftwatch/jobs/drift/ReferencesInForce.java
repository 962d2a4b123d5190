package io.driftwatch.jobs.drift;

import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.reference.ReferenceProfile;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The reference profiles in force in the drift operator: its broadcast state maps each model version
 * ({@link io.driftwatch.jobs.pipeline.GroupKey} of name and version) to the newest readable profile
 * published for it, so it is the same bytes on every instance and after a restore. Each instance
 * parses a profile once per update.
 */
final class ReferencesInForce implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The drift operator's broadcast state: model version → its newest profile update. */
    static final MapStateDescriptor<String, ReferenceUpdate> STATE =
            new MapStateDescriptor<>("drift-references", Types.STRING, ReferenceUpdates.TYPE);

    /** A feature's reference: its summary and when the profile was published. */
    record Reference(FeatureSummary summary, long publishedMillis) {}

    private transient Map<String, Parsed> parsed;

    private record Parsed(ReferenceUpdate update, ReferenceProfile profile) {}

    /** Stores an update: the evaluations from now on compare with it (or, for a removal, with the fallback). */
    static void update(BroadcastState<String, ReferenceUpdate> state, ReferenceUpdate u) throws Exception {
        if (u.profile() == null) {
            state.remove(u.modelVersion());
        } else {
            state.put(u.modelVersion(), u);
        }
    }

    /** The reference of {@code feature} of the model version {@code modelVersion}, or null when none. */
    Reference of(ReadOnlyBroadcastState<String, ReferenceUpdate> state, String modelVersion, String feature)
            throws Exception {
        ReferenceUpdate u = state.get(modelVersion);
        if (u == null) {
            return null;
        }
        if (parsed == null) {
            parsed = new HashMap<>();
        }
        Parsed p = parsed.get(modelVersion);
        if (p == null || p.update() != u) {
            // only readable profiles are stored (ReferenceUpdates.Validation)
            p = new Parsed(u, ReferenceProfile.fromBytes(u.profile()));
            parsed.put(modelVersion, p);
        }
        ReferenceProfile.Column c = p.profile().columns().get(feature);
        return c == null ? null : new Reference(c.summary(), u.publishedMillis());
    }
}
