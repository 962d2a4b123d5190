package io.driftwatch.jobs.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.cost.catalog.UseCase;
import io.driftwatch.cost.ledger.CostEvaluation;
import io.driftwatch.cost.projection.CostAnomaly;
import io.driftwatch.cost.projection.UseCaseRatios;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code cost_anomaly} documents of the events topic ({@code $defs/costAnomaly} of {@code
 * deploy/schemas/driftwatch-event.schema.json}): one {@code firing} document when an anomaly of a use
 * case starts to hold at an evaluation, one {@code resolved} document when it stops; keyed by the use
 * case, so all of a use case's events keep their order in one partition.
 */
final class CostAnomalyEvents {

    static final String TYPE = "cost_anomaly";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CostAnomalyEvents() {}

    /** The anomaly's name in documents, e.g. {@code gpu_cost_share_above_volume_share}. */
    static String anomalyName(CostAnomaly.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param detail what holds (the check's own words), or for {@code resolved} what no longer holds
     * @param ratios the use case's ratios at the evaluation (shares among all use cases)
     */
    static EventRecord of(
            String useCase,
            CostAnomaly.Kind kind,
            boolean firing,
            String detail,
            CostEvaluation e,
            UseCaseRatios ratios,
            Optional<UseCase> catalogEntry,
            CostSettings settings) {
        String state = firing ? "firing" : "resolved";
        long t = e.hourEndMillis();
        String eventId = UUID.nameUUIDFromBytes(
                        (TYPE + '\u0000' + useCase + '\u0000' + anomalyName(kind) + '\u0000' + state + '\u0000' + t)
                                .getBytes(StandardCharsets.UTF_8))
                .toString();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema_version", 1);
        doc.put("event_id", eventId);
        doc.put("type", TYPE);
        doc.put("state", state);
        doc.put("event_time", Instant.ofEpochMilli(t).toString());
        doc.put("use_case", useCase);
        doc.put("anomaly", anomalyName(kind));
        doc.put("detail", detail);
        doc.put("currency", settings.currency());
        doc.put("window", CostSettings.WINDOW_HOURS + "h");
        doc.put("window_cost", e.window().cost().toBigDecimal());
        doc.put("window_gpu_cost", e.window().gpuCost().toBigDecimal());
        doc.put("window_inferences", e.window().inferences());
        doc.put("gpu_cost_share", ratios.gpuCostShare());
        doc.put("volume_share", ratios.volumeShare());
        doc.put("share_factor", settings.config().shareFactor());
        ratios.costPerInference().ifPresent(v -> doc.put("cost_per_inference", v));
        doc.put("month_to_date", e.projection().monthToDate().toBigDecimal());
        doc.put("projected_month_end", e.projection().projectedMonthEnd().toBigDecimal());
        catalogEntry.ifPresent(u -> {
            doc.put("value_per_inference", u.valuePerInference().toBigDecimal());
            doc.put("monthly_budget", u.monthlyBudget().toBigDecimal());
        });
        return new EventRecord(useCase, eventId, TYPE, t, doc.toString());
    }
}
