package io.driftwatch.jobs.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.cost.spike.CostSpike;
import io.driftwatch.cost.spike.HourlyCosts;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * The {@code cost_spike} documents of the events topic ({@code $defs/costSpike} of {@code
 * deploy/schemas/driftwatch-event.schema.json}): state always {@code firing}; keyed by the use case.
 */
final class CostSpikeEvents {

    static final String TYPE = "cost_spike";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CostSpikeEvents() {}

    static EventRecord of(String useCase, CostSpike spike, CostSettings settings) {
        long t = spike.hourEndMillis();
        String eventId = UUID.nameUUIDFromBytes((TYPE + '\u0000' + useCase + '\u0000' + "firing" + '\u0000' + t)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        ZonedDateTime start = Instant.ofEpochMilli(t - HourlyCosts.HOUR).atZone(ZoneOffset.UTC);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema_version", 1);
        doc.put("event_id", eventId);
        doc.put("type", TYPE);
        doc.put("state", "firing");
        doc.put("event_time", Instant.ofEpochMilli(t).toString());
        doc.put("use_case", useCase);
        doc.put("currency", settings.currency());
        doc.put("hour_cost", BigDecimal.valueOf(spike.costMicros(), 6));
        doc.put("weeks", spike.weeks());
        doc.put("mean", spike.mean());
        doc.put("stddev", spike.stddev());
        doc.put("threshold", settings.config().spike().threshold());
        doc.put("min_ratio", settings.config().spike().minRatio());
        doc.put("weekday", start.getDayOfWeek().name());
        doc.put("hour", start.getHour());
        return new EventRecord(useCase, eventId, TYPE, t, doc.toString());
    }
}
