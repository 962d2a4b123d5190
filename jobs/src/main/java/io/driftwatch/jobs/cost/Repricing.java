package io.driftwatch.jobs.cost;

import io.driftwatch.jobs.config.CostConfig;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A re-pricing run ({@code cost.reprice.name} set): the live job's cost analysis, the same operators,
 * run bounded over the Kafka retention from {@code cost.reprice.from} with {@code
 * cost.reprice.catalog-file}, writing series labelled {@code pricing="<name>"}. What differs from the
 * live job follows from the configuration ({@link #overrides}) plus three things the job graph does
 * itself: the sources start at the record timestamp {@code from − warm-up} (and stop at {@code
 * until}), the cost deltas outside {@code (from, until]} are dropped (the warm-up only gives the
 * counters their starting values), and neither events nor dead letters are written (the live job
 * published them when the records arrived).
 */
public final class Repricing {

    private Repricing() {}

    /**
     * The configuration of {@code file} and {@code overrides}; for a re-pricing run, with {@link
     * #overrides} applied on top.
     */
    public static DriftwatchConfig load(Path file, List<String> overrides) {
        DriftwatchConfig config = DriftwatchConfig.load(file, overrides);
        if (!config.cost().reprice().active()) {
            return config;
        }
        List<String> all = new ArrayList<>(overrides);
        all.addAll(overrides(config));
        return DriftwatchConfig.load(file, all);
    }

    /**
     * The cost analysis only, with the run's catalog and no catalog topic; bounded; its own consumer
     * group (the live job's committed offsets stay); every series labelled {@code pricing}.
     */
    static List<String> overrides(DriftwatchConfig config) {
        CostConfig.RepriceConfig r = config.cost().reprice();
        return List.of(
                "confidence.enabled=false",
                "drift.enabled=false",
                "drift.spans.enabled=false",
                "cost.enabled=true",
                "cost.catalog-file=" + r.catalogFile(),
                "cost.catalog-topic=",
                "kafka.bounded=true",
                "kafka.group-id=" + config.kafka().groupId() + "-reprice-" + r.name(),
                "remote-write.extra-labels.pricing=" + r.name());
    }

    /** Whether a cost delta stamped {@code timeMillis} is re-priced: in {@code (from, until]}. */
    static boolean inRange(CostConfig.RepriceConfig r, long timeMillis) {
        return !r.active() || (timeMillis > r.fromMillis() && timeMillis <= r.untilMillis());
    }
}
