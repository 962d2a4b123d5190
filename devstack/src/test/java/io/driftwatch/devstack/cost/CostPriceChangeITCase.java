package io.driftwatch.devstack.cost;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.loadgen.CostLoadGenerator;
import io.driftwatch.devstack.loadgen.CostScenario;
import io.driftwatch.devstack.loadgen.CostTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.servers.PromSeries;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real Kafka broker, a Flink MiniCluster and a real VictoriaMetrics: the 35 days of
 * {@link CostScenario#report} priced with a catalog whose H100 rate drops 20 % on day 20 and whose
 * gpt-4o token prices fall on day 25 ({@link CostScenario#datedCatalog}, {@code effective-from}).
 * Every hourly cost of every cost key equals {@link ExpectedCostSeries}' BigDecimal computation with
 * the prices in force at the hour's start, to the micro-unit; every other series (month-to-date,
 * projections, ratios) agrees as in {@link CostJobITCase}.
 */
class CostPriceChangeITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";

    @TempDir
    static Path dir;

    static EndToEnd stack;
    static CostScenario scenario;
    static ExpectedCostSeries expected;
    static ExpectedCostSeries undated;
    static Instant h100From;
    static Instant gpt4oFrom;

    @BeforeAll
    static void replayScenario() throws Exception {
        stack = EndToEnd.start();
        stack.kafka().createTopics(3, PROTO_TOPIC);
        stack.kafka().createTopics(2, JSON_TOPIC, CostJobITCase.EVENTS_TOPIC);
        scenario =
                CostScenario.report(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(38)));
        h100From = scenario.start().plus(Duration.ofDays(20));
        gpt4oFrom = scenario.start().plus(Duration.ofDays(25));
        CostTruth truth;
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(
                stack.kafka().bootstrapServers(), Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC))) {
            truth = CostLoadGenerator.generate(scenario, writer);
        }
        expected = ExpectedCostSeries.compute(
                scenario,
                truth,
                new ExpectedCostSeries.PriceChanges(h100From.toEpochMilli(), gpt4oFrom.toEpochMilli()));
        undated = ExpectedCostSeries.compute(scenario, truth);
        Path catalog = Files.writeString(dir.resolve("prices.yaml"), CostScenario.datedCatalog(h100From, gpt4oFrom));
        stack.runBounded(
                "cost-prices",
                "kafka.inputs[0].topic=" + PROTO_TOPIC,
                "kafka.inputs[1].topic=" + JSON_TOPIC,
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.group-id=cost-prices",
                "remote-write.extra-labels.run=prices",
                "confidence.enabled=false",
                "cost.enabled=true",
                "cost.catalog-file=" + catalog);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyHourlyCostIsPricedWithThePriceInForceToTheMicroUnit() throws Exception {
        Map<String, Map<String, NavigableMap<Long, Double>>> actual = readBack();
        List<String> differences = new ArrayList<>();
        int hours = 0;
        int changed = 0;
        for (CostScenario.Service s : scenario.services()) {
            String labels = ExpectedCostSeries.moneyLabels(s);
            NavigableMap<Long, Double> job = actual.get(labels).get("ml:cost:hourly");
            NavigableMap<Long, ExpectedCostSeries.Priced> priced = expected.pricedByKey.get(s.key());
            for (var e : priced.entrySet()) {
                long micros = e.getValue().cost().movePointRight(6).longValueExact();
                long have = Math.round(job.get(e.getKey()) * 1e6);
                if (have != micros) {
                    differences.add(labels + " at " + Instant.ofEpochMilli(e.getKey()) + ": expected "
                            + BigDecimal.valueOf(micros, 6) + ", VictoriaMetrics has " + job.get(e.getKey()));
                }
                hours++;
                if (e.getValue()
                                .cost()
                                .compareTo(undated.pricedByKey
                                        .get(s.key())
                                        .get(e.getKey())
                                        .cost())
                        != 0) {
                    changed++;
                }
            }
        }
        assertTrue(
                differences.isEmpty(),
                differences.size() + " hours differ, e.g. " + differences.subList(0, Math.min(10, differences.size())));
        assertTrue(hours > 35 * 24 * 3, "hours checked: " + hours);
        // the H100 services from day 20 and gpt-4o from day 25 cost less than the old prices would say
        assertTrue(changed >= 5 * 24, "hours priced differently from the undated catalog: " + changed);
    }

    @Test
    void everyOtherSeriesAgreesWithTheIndependentComputation() throws Exception {
        List<String> differences = expected.differences(readBack());
        assertTrue(
                differences.isEmpty(),
                differences.size() + " differ, e.g. " + differences.subList(0, Math.min(10, differences.size())));
    }

    static Map<String, Map<String, NavigableMap<Long, Double>>> readBack() throws Exception {
        Map<String, Map<String, NavigableMap<Long, Double>>> out = new TreeMap<>();
        for (PromSeries s : stack.vm()
                .exportSeries("{__name__=~\"ml:cost:.*\",__name__!=\"ml:cost:catalog_info\",run=\"prices\"}")) {
            String subject = new TreeMap<>(s.labels())
                    .entrySet().stream()
                            .filter(e -> !e.getKey().equals("__name__")
                                    && !e.getKey().equals("run"))
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(","));
            out.computeIfAbsent(subject, x -> new TreeMap<>()).put(s.label("__name__"), EndToEnd.points(s));
        }
        return out;
    }
}
