package io.driftwatch.devstack.cost;

import io.driftwatch.devstack.loadgen.CostScenario;
import io.driftwatch.devstack.loadgen.CostTruth;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The {@code ml:cost:*} series computed a second way, straight from the generator's integer truth
 * with {@link BigDecimal} arithmetic and the prices of {@link CostScenario#reportCatalog()} written
 * out here again: per hour, the cost by each service's source (reported micro-units as they are;
 * GPU time {@code rate × ms ÷ 3.6e6}; tokens {@code Σ tokens × price ÷ 1e6}), rounded half-even to
 * micro-units per service and hour; then windows, month-to-date and projections as the README
 * defines them. Series are keyed by a label string ({@link #labels}) then name, then timestamp.
 */
final class ExpectedCostSeries {

    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;
    static final int WINDOW = 24;
    static final int PROJECTION_DAYS = 7;

    // The catalog again, independently of the job's reader: EUR per GPU hour and per million tokens.
    static final Map<String, BigDecimal> GPU_RATE = Map.of(
            "xgb-fraud",
            new BigDecimal("2.50"),
            "llama-3-8b",
            new BigDecimal("4.00"),
            "llama-3-70b",
            new BigDecimal("4.00"));
    static final Map<String, BigDecimal[]> TOKEN_PRICE = Map.of(
            "gpt-4o", new BigDecimal[] {new BigDecimal("2.50"), new BigDecimal("10.00")},
            "bge-reranker", new BigDecimal[] {new BigDecimal("0.02"), new BigDecimal("0.10")});
    static final Map<String, BigDecimal> VALUE = Map.of(
            "support_chat",
            new BigDecimal("0.01"),
            "fraud_scoring",
            new BigDecimal("0.005"),
            "maintenance_assistant",
            new BigDecimal("0.02"),
            "doc_summary",
            new BigDecimal("0.005"),
            "search_rerank",
            new BigDecimal("0.001"));
    static final Map<String, BigDecimal> BUDGET = Map.of(
            "support_chat",
            new BigDecimal("1000"),
            "fraud_scoring",
            new BigDecimal("500"),
            "maintenance_assistant",
            new BigDecimal("400"),
            "doc_summary",
            new BigDecimal("2000"),
            "search_rerank",
            new BigDecimal("5"));
    static final BigDecimal A100_AWS = new BigDecimal("2.50");

    /**
     * Price changes of {@link CostScenario#datedCatalog}: from {@code h100From} the H100 rate is 3.20
     * (20 % less), from {@code gpt4oFrom} gpt-4o costs 2.00 / 8.00 per million tokens; an hour is
     * priced with the prices in force at its start.
     */
    record PriceChanges(long h100From, long gpt4oFrom) {
        static final PriceChanges NONE = new PriceChanges(Long.MAX_VALUE, Long.MAX_VALUE);

        BigDecimal gpuRate(String model, long hourStart) {
            BigDecimal rate = GPU_RATE.get(model);
            return rate.compareTo(new BigDecimal("4.00")) == 0 && hourStart >= h100From ? new BigDecimal("3.20") : rate;
        }

        BigDecimal[] tokenPrice(String model, long hourStart) {
            return model.equals("gpt-4o") && hourStart >= gpt4oFrom
                    ? new BigDecimal[] {new BigDecimal("2.00"), new BigDecimal("8.00")}
                    : TOKEN_PRICE.get(model);
        }
    }

    /** An hour's priced usage, exact. */
    record Priced(BigDecimal cost, BigDecimal gpuCost, long inferences, long tokens) {
        static final Priced ZERO = new Priced(BigDecimal.ZERO, BigDecimal.ZERO, 0, 0);

        Priced plus(Priced o) {
            return new Priced(cost.add(o.cost), gpuCost.add(o.gpuCost), inferences + o.inferences, tokens + o.tokens);
        }
    }

    /** Hours ending at or before this are not part of the run. */
    long from = Long.MIN_VALUE;

    /** labels → series name → timestamp → value. */
    final Map<String, Map<String, NavigableMap<Long, Double>>> series = new TreeMap<>();
    /** Per service key and per use case: hour end → priced usage. */
    final Map<String, NavigableMap<Long, Priced>> pricedByKey = new TreeMap<>();

    final Map<String, NavigableMap<Long, Priced>> pricedByUseCase = new TreeMap<>();

    static ExpectedCostSeries compute(CostScenario scenario, CostTruth truth) {
        return compute(scenario, truth, PriceChanges.NONE);
    }

    static ExpectedCostSeries compute(CostScenario scenario, CostTruth truth, PriceChanges changes) {
        return compute(scenario, truth, changes, Long.MIN_VALUE);
    }

    /**
     * As a run that starts at {@code from} sees it (a re-pricing run, README "Re-pricing history"): only
     * the hours ending after {@code from} exist; windows, month-to-date and projections count those only.
     */
    static ExpectedCostSeries compute(CostScenario scenario, CostTruth truth, PriceChanges changes, long from) {
        ExpectedCostSeries e = new ExpectedCostSeries();
        e.from = from;
        Map<String, CostScenario.Service> services = new HashMap<>();
        scenario.services().forEach(s -> services.put(s.key(), s));
        for (var byKey : truth.byService().entrySet()) {
            CostScenario.Service s = services.get(byKey.getKey());
            NavigableMap<Long, Priced> hours = new TreeMap<>();
            byKey.getValue().tailMap(from, false).forEach((t, h) -> hours.put(t, price(s, h, t - HOUR, changes)));
            e.pricedByKey.put(s.key(), hours);
            hours.forEach((t, p) -> e.pricedByUseCase
                    .computeIfAbsent(s.useCase(), u -> new TreeMap<>())
                    .merge(t, p, Priced::plus));
        }
        for (CostScenario.Service s : scenario.services()) {
            e.perKey(s, e.pricedByKey.get(s.key()));
        }
        e.perUseCase();
        e.idle(truth);
        return e;
    }

    /**
     * Every difference between {@link #series} and {@code actual} (subject → series name → time →
     * value, as read back): a missing or extra subject, series or sample, and a value off by more
     * than half a cent (money, {@link CostJobITCase#MONEY}) or 1e-9 relative (the rest).
     */
    List<String> differences(Map<String, Map<String, NavigableMap<Long, Double>>> actual) {
        List<String> differences = new java.util.ArrayList<>();
        if (!series.keySet().equals(actual.keySet())) {
            differences.add("subjects: expected " + series.keySet() + ", VictoriaMetrics has " + actual.keySet());
            return differences;
        }
        for (var subject : series.entrySet()) {
            Map<String, NavigableMap<Long, Double>> got = actual.get(subject.getKey());
            if (!subject.getValue().keySet().equals(got.keySet())) {
                differences.add(
                        subject.getKey() + ": expected " + subject.getValue().keySet() + ", has " + got.keySet());
                continue;
            }
            for (var metric : subject.getValue().entrySet()) {
                NavigableMap<Long, Double> have = got.get(metric.getKey());
                if (!metric.getValue().keySet().equals(have.keySet())) {
                    differences.add(subject.getKey() + " " + metric.getKey() + ": other sample times");
                    continue;
                }
                for (var e : metric.getValue().entrySet()) {
                    double w = e.getValue();
                    double h = have.get(e.getKey());
                    double tolerance = CostJobITCase.MONEY.contains(metric.getKey())
                            ? CostJobITCase.CENT
                            : CostJobITCase.MAX_RELATIVE_ERROR * Math.max(Math.abs(w), 1e-300);
                    if (Math.abs(w - h) > tolerance) {
                        differences.add(subject.getKey() + " " + metric.getKey() + " at "
                                + java.time.Instant.ofEpochMilli(e.getKey()) + ": expected " + w
                                + ", VictoriaMetrics has " + h);
                    }
                }
            }
        }
        return differences;
    }

    static Priced price(CostScenario.Service s, CostTruth.Hour h, long hourStart, PriceChanges changes) {
        BigDecimal cost;
        boolean gpu = true;
        long tokens = 0;
        switch (s.reporting()) {
            case COST_COUNTER -> cost = BigDecimal.valueOf(h.reportedCostMicros(), 6);
            case DURATION ->
                cost = changes.gpuRate(s.model(), hourStart)
                        .multiply(BigDecimal.valueOf(h.durationMs()))
                        .divide(BigDecimal.valueOf(HOUR), 6, RoundingMode.HALF_EVEN);
            case GENAI_TOKENS -> {
                BigDecimal[] p = changes.tokenPrice(s.model(), hourStart);
                cost = p[0].multiply(BigDecimal.valueOf(h.inputTokens()))
                        .add(p[1].multiply(BigDecimal.valueOf(h.outputTokens())))
                        .divide(BigDecimal.valueOf(1_000_000), 6, RoundingMode.HALF_EVEN);
                gpu = false;
                tokens = h.inputTokens() + h.outputTokens();
            }
            default -> {
                // a token counter is priced entirely at the output price
                cost = changes.tokenPrice(s.model(), hourStart)[1]
                        .multiply(BigDecimal.valueOf(h.totalTokens()))
                        .divide(BigDecimal.valueOf(1_000_000), 6, RoundingMode.HALF_EVEN);
                gpu = false;
                tokens = h.totalTokens();
            }
        }
        return new Priced(cost, gpu ? cost : BigDecimal.ZERO, h.inferences(), tokens);
    }

    /** Hour ends at which a subject with these priced hours is evaluated: from its first to 23 h after its last. */
    static NavigableMap<Long, Priced> evaluationTimes(NavigableMap<Long, Priced> hours) {
        NavigableMap<Long, Priced> times = new TreeMap<>();
        for (long t = hours.firstKey(); t <= hours.lastKey() + (WINDOW - 1) * HOUR; t += HOUR) {
            times.put(t, hours.getOrDefault(t, Priced.ZERO));
        }
        return times;
    }

    static Priced window(NavigableMap<Long, Priced> hours, long t) {
        Priced sum = Priced.ZERO;
        for (Priced p : hours.subMap(t - WINDOW * HOUR, false, t, true).values()) {
            sum = sum.plus(p);
        }
        return sum;
    }

    /** Cost of the hours lying in each UTC day (an hour ending at T lies in the day of T − 1 h). */
    static Map<LocalDate, BigDecimal> days(NavigableMap<Long, Priced> hours) {
        Map<LocalDate, BigDecimal> days = new HashMap<>();
        hours.forEach(
                (t, p) -> days.merge(LocalDate.ofEpochDay(Math.floorDiv(t - HOUR, DAY)), p.cost(), BigDecimal::add));
        return days;
    }

    /** The days of the hours up to {@code t}: the future is unknown at t. */
    static Map<LocalDate, BigDecimal> daysUpTo(NavigableMap<Long, Priced> hours, long t) {
        return days(hours.headMap(t, true));
    }

    static BigDecimal monthToDate(Map<LocalDate, BigDecimal> days, long t) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(t), ZoneOffset.UTC);
        BigDecimal sum = BigDecimal.ZERO;
        for (LocalDate d = today.withDayOfMonth(1); !d.isAfter(today); d = d.plusDays(1)) {
            sum = sum.add(days.getOrDefault(d, BigDecimal.ZERO));
        }
        return sum;
    }

    static BigDecimal projectedMonthEnd(Map<LocalDate, BigDecimal> days, long t) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(t), ZoneOffset.UTC);
        int n = today.getDayOfMonth() == 1 ? PROJECTION_DAYS : Math.min(PROJECTION_DAYS, today.getDayOfMonth() - 1);
        BigDecimal recent = BigDecimal.ZERO;
        for (int i = 1; i <= n; i++) {
            recent = recent.add(days.getOrDefault(today.minusDays(i), BigDecimal.ZERO));
        }
        long monthEnd = YearMonth.from(today)
                .plusMonths(1)
                .atDay(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        BigDecimal rest = recent.multiply(BigDecimal.valueOf(monthEnd - t))
                .divide(BigDecimal.valueOf(n * DAY), 6, RoundingMode.HALF_EVEN);
        return monthToDate(days, t).add(rest);
    }

    private void perKey(CostScenario.Service s, NavigableMap<Long, Priced> hours) {
        String plain = labels(
                "environment",
                s.environment(),
                "model_name",
                s.model(),
                "model_version",
                s.version(),
                "use_case",
                s.useCase());
        String money = moneyLabels(s);
        evaluationTimes(hours).forEach((t, hour) -> {
            Map<LocalDate, BigDecimal> days = daysUpTo(hours, t);
            Priced w = window(hours, t);
            put(money, "ml:cost:hourly", t, hour.cost());
            put(money, "ml:cost:rolling_24h", t, w.cost());
            put(plain, "ml:cost:inferences_hourly", t, BigDecimal.valueOf(hour.inferences()));
            if (w.inferences() > 0) {
                BigDecimal perInference = w.cost().divide(BigDecimal.valueOf(w.inferences()), MathContext.DECIMAL64);
                put(money, "ml:cost:per_inference", t, perInference);
                // the scenario's services report no failures: every inference succeeded
                put(money, "ml:cost:per_successful_inference", t, perInference);
                put(
                        plain,
                        "ml:cost:cost_to_value_ratio",
                        t,
                        perInference.divide(VALUE.get(s.useCase()), MathContext.DECIMAL64));
            }
            if (w.tokens() > 0 && w.cost().signum() > 0) {
                put(
                        money,
                        "ml:cost:tokens_per_currency_unit",
                        t,
                        BigDecimal.valueOf(w.tokens()).divide(w.cost(), MathContext.DECIMAL64));
            }
            put(money, "ml:cost:month_to_date", t, monthToDate(days, t));
            put(money, "ml:cost:projected_month_end", t, projectedMonthEnd(days, t));
        });
    }

    private void perUseCase() {
        NavigableMap<Long, Map<String, Priced>> windows = new TreeMap<>();
        pricedByUseCase.forEach((useCase, hours) -> evaluationTimes(hours)
                .keySet()
                .forEach(t -> windows.computeIfAbsent(t, x -> new TreeMap<>()).put(useCase, window(hours, t))));
        windows.forEach((t, byUseCase) -> {
            BigDecimal gpu = BigDecimal.ZERO;
            long inferences = 0;
            for (Priced p : byUseCase.values()) {
                gpu = gpu.add(p.gpuCost());
                inferences += p.inferences();
            }
            for (var e : byUseCase.entrySet()) {
                String l = labels("use_case", e.getKey());
                put(
                        l,
                        "ml:cost:gpu_share",
                        t,
                        gpu.signum() == 0
                                ? BigDecimal.ZERO
                                : e.getValue().gpuCost().divide(gpu, MathContext.DECIMAL64));
                put(
                        l,
                        "ml:cost:volume_share",
                        t,
                        BigDecimal.valueOf(e.getValue().inferences())
                                .divide(BigDecimal.valueOf(inferences), MathContext.DECIMAL64));
                put(
                        l,
                        "ml:cost:budget_burn_ratio",
                        t,
                        monthToDate(daysUpTo(pricedByUseCase.get(e.getKey()), t), t)
                                .divide(BUDGET.get(e.getKey()), MathContext.DECIMAL64));
            }
        });
    }

    /** Per hour: Σ over the GPUs reporting in it of rate × (1 − mean utilisation ÷ 100), exact. */
    private void idle(CostTruth truth) {
        NavigableMap<Long, BigDecimal> idle = new TreeMap<>();
        truth.byGpu()
                .values()
                .forEach(hours -> hours.tailMap(from, false)
                        .forEach((t, g) -> idle.merge(
                                t,
                                A100_AWS.multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(g.sum())
                                        .divide(BigDecimal.valueOf(100 * g.count()), MathContext.DECIMAL128))),
                                BigDecimal::add)));
        String l = labels("currency", "EUR", "gpu_type", "A100", "provider", "aws");
        idle.forEach((t, v) -> put(l, "ml:cost:idle_gpu", t, v));
    }

    private void put(String labels, String name, long t, BigDecimal v) {
        series.computeIfAbsent(labels, x -> new TreeMap<>())
                .computeIfAbsent(name, x -> new TreeMap<>())
                .put(t, v.doubleValue());
    }

    /** The labels of a service's money series ({@code ml:cost:hourly} and the like), as {@link #labels}. */
    static String moneyLabels(CostScenario.Service s) {
        return labels(
                "currency",
                "EUR",
                "environment",
                s.environment(),
                "model_name",
                s.model(),
                "model_version",
                s.version(),
                "use_case",
                s.useCase());
    }

    /** {@code a=1,b=2}: names in order, as given. */
    static String labels(String... namesAndValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append(namesAndValues[i]).append('=').append(namesAndValues[i + 1]);
        }
        return sb.toString();
    }
}
