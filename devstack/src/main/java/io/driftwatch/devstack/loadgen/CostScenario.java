package io.driftwatch.devstack.loadgen;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Traffic for the cost analysis: services, each one cost key ({@code use_case, model_name,
 * model_version, environment}) reporting its usage the way its kind of deployment does, and GPUs
 * reporting their utilisation, replayed by {@link CostLoadGenerator}.
 *
 * @param start the first export (every counter still 0)
 * @param length how long the services export after {@code start}
 * @param exportInterval the SDK's export interval
 * @param seed the random seed: the same scenario and seed give the same records
 * @param services the services
 * @param gpus the GPUs of the cluster
 * @param traffic how the services' traffic varies over the day and week, and an injected spike
 */
public record CostScenario(
        Instant start,
        Duration length,
        Duration exportInterval,
        long seed,
        List<Service> services,
        List<Gpu> gpus,
        Traffic traffic) {

    /** With {@link Traffic#FLAT} traffic. */
    public CostScenario(
            Instant start,
            Duration length,
            Duration exportInterval,
            long seed,
            List<Service> services,
            List<Gpu> gpus) {
        this(start, length, exportInterval, seed, services, gpus, Traffic.FLAT);
    }

    /**
     * How much traffic (inferences per export) a service has in an hour, as a factor of its mean.
     *
     * @param cycle the daily and weekly cycle (UTC, by the hour's start): 0.4 at night (00–06 h), 1.0
     *     by day (07–18 h), 0.7 in the evening; × 0.5 on Saturdays and Sundays; Monday 08–10 h × 2.5
     *     (the Monday-morning peak)
     * @param spikeUseCase the use case whose services get the spike ("" for none)
     * @param spikeHourEnd the end of the one hour of the spike
     * @param spikeFactor its traffic in that hour, × its cycle's
     */
    public record Traffic(boolean cycle, String spikeUseCase, Instant spikeHourEnd, double spikeFactor) {
        public static final Traffic FLAT = new Traffic(false, "", Instant.EPOCH, 1);

        /** The factor of {@code useCase}'s traffic in the hour ending {@code hourEnd}. */
        public double factor(String useCase, Instant hourEnd) {
            double f = 1;
            if (cycle) {
                java.time.ZonedDateTime h = hourEnd.minus(Duration.ofHours(1)).atZone(java.time.ZoneOffset.UTC);
                int hour = h.getHour();
                f = hour <= 6 ? 0.4 : hour <= 18 ? 1.0 : 0.7;
                java.time.DayOfWeek d = h.getDayOfWeek();
                if (d == java.time.DayOfWeek.SATURDAY || d == java.time.DayOfWeek.SUNDAY) {
                    f *= 0.5;
                }
                if (d == java.time.DayOfWeek.MONDAY && hour >= 8 && hour <= 10) {
                    f *= 2.5;
                }
            }
            if (useCase.equals(spikeUseCase) && hourEnd.equals(spikeHourEnd)) {
                f *= spikeFactor;
            }
            return f;
        }

        public boolean flat() {
            return !cycle && spikeUseCase.isEmpty();
        }
    }

    /**
     * {@link #report} with the daily and weekly {@link Traffic} cycle and one spike: the maintenance
     * assistant's traffic × 6 in the hour from 03:00 UTC on day 30 (a night hour, 4 weeks of history).
     */
    public static CostScenario weekly(Instant start) {
        CostScenario r = report(start);
        Instant spike = start.plus(Duration.ofDays(30)).plus(Duration.ofHours(4));
        return new CostScenario(
                r.start,
                r.length,
                r.exportInterval,
                r.seed,
                r.services,
                r.gpus,
                new Traffic(true, "maintenance_assistant", spike, 6));
    }

    /** How a service reports its usage. */
    public enum Reporting {
        /** Its own GPU cost counter {@code ml.inference.cost.gpu} (EUR) and the duration histogram. */
        COST_COUNTER,
        /** Only the duration histogram {@code ml.inference.duration} (ms): priced as GPU time. */
        DURATION,
        /**
         * A hosted LLM: GenAI {@code gen_ai.client.token.usage} (input and output) and the duration
         * histogram, labelled with the semantic-convention names {@code gen_ai.request.model} and
         * {@code deployment.environment.name}.
         */
        GENAI_TOKENS,
        /** The token counter {@code ml.inference.tokens.total} and the duration histogram. */
        TOKEN_COUNTER
    }

    /**
     * One service replica.
     *
     * @param inferencesPerExport mean inferences per export interval (uniform within ±20 %)
     * @param durationMs mean inference duration (uniform within ±25 %, whole milliseconds)
     * @param costMicrosPerInference for {@link Reporting#COST_COUNTER}: mean reported cost of one inference
     * @param inputTokens mean input tokens per inference (±20 %); for {@link Reporting#TOKEN_COUNTER} all tokens
     * @param outputTokens mean output tokens per inference (±20 %)
     * @param restartAfterExport the export after which the process restarts (its counters start again
     *     from 0 with a new start time), or -1
     */
    public record Service(
            String useCase,
            String model,
            String version,
            String environment,
            String encoding,
            Reporting reporting,
            int inferencesPerExport,
            int durationMs,
            long costMicrosPerInference,
            int inputTokens,
            int outputTokens,
            long restartAfterExport) {

        public Service {
            Objects.requireNonNull(reporting, "reporting");
        }

        /** {@code use_case/model_name/model_version/environment}. */
        public String key() {
            return useCase + "/" + model + "/" + version + "/" + environment;
        }
    }

    /** One GPU, reporting {@code DCGM_FI_DEV_GPU_UTIL} (percent, uniform within ±15 of its mean, whole percent). */
    public record Gpu(String host, int index, String type, String provider, int meanUtilisation) {}

    /**
     * The field report's situation: five use cases over 35 days, the maintenance assistant with 5 % of
     * the inferences but about 35 % of the GPU cost (a large model on an H100 with long inferences),
     * the document summariser losing money (its GPT-4o tokens cost about twice its value per
     * inference), both support-chat versions reporting their own GPU cost, one of them restarting on
     * day 10, and two A100s of the cluster partly idle.
     */
    public static CostScenario report(Instant start) {
        long day10 = Duration.ofDays(10).dividedBy(Duration.ofMinutes(10));
        return new CostScenario(
                start,
                Duration.ofDays(35),
                Duration.ofMinutes(10),
                42,
                List.of(
                        new Service(
                                "support_chat",
                                "llama-3-70b",
                                "v1",
                                "production",
                                "otlp_proto",
                                Reporting.COST_COUNTER,
                                54,
                                900,
                                444,
                                0,
                                0,
                                -1),
                        new Service(
                                "support_chat",
                                "llama-3-70b",
                                "v2",
                                "production",
                                "otlp_json",
                                Reporting.COST_COUNTER,
                                36,
                                850,
                                444,
                                0,
                                0,
                                day10),
                        new Service(
                                "fraud_scoring",
                                "xgb-fraud",
                                "v3",
                                "production",
                                "otlp_proto",
                                Reporting.DURATION,
                                70,
                                514,
                                0,
                                0,
                                0,
                                -1),
                        new Service(
                                "maintenance_assistant",
                                "llama-3-8b",
                                "v2",
                                "production",
                                "otlp_json",
                                Reporting.DURATION,
                                10,
                                3150,
                                0,
                                0,
                                0,
                                -1),
                        new Service(
                                "doc_summary",
                                "gpt-4o",
                                "2024-08",
                                "production",
                                "otlp_proto",
                                Reporting.GENAI_TOKENS,
                                20,
                                2400,
                                0,
                                1500,
                                600,
                                -1),
                        new Service(
                                "search_rerank",
                                "bge-reranker",
                                "v1",
                                "staging",
                                "otlp_json",
                                Reporting.TOKEN_COUNTER,
                                10,
                                40,
                                0,
                                300,
                                0,
                                -1)),
                List.of(new Gpu("gpu-node-1", 0, "A100", "aws", 70), new Gpu("gpu-node-1", 1, "A100", "aws", 25)));
    }

    /** The price catalog that goes with {@link #report}. */
    public static String reportCatalog() {
        return """
                currency: EUR
                gpu:
                  rates:
                    - {type: A100, provider: aws, hourly: 2.50}
                    - {type: H100, provider: aws, hourly: 4.00}
                  models:
                    - {model: xgb-fraud, type: A100, provider: aws}
                    - {model: llama-3-8b, type: H100, provider: aws}
                    - {model: llama-3-70b, type: H100, provider: aws}
                tokens:
                  - {model: gpt-4o, input: 2.50, output: 10.00}
                  - {model: bge-reranker, input: 0.02, output: 0.10}
                use-cases:
                  - {name: support_chat, value-per-inference: 0.01, monthly-budget: 1000}
                  - {name: fraud_scoring, value-per-inference: 0.005, monthly-budget: 500}
                  - {name: maintenance_assistant, value-per-inference: 0.02, monthly-budget: 400}
                  - {name: doc_summary, value-per-inference: 0.005, monthly-budget: 2000}
                  - {name: search_rerank, value-per-inference: 0.001, monthly-budget: 5}
                """;
    }

    /**
     * {@link #reportCatalog()} with two price changes: the H100 rate drops 20 % (4.00 to 3.20) at
     * {@code h100From} and gpt-4o's token prices fall from 2.50 / 10.00 to 2.00 / 8.00 at {@code gpt4oFrom}.
     */
    public static String datedCatalog(Instant h100From, Instant gpt4oFrom) {
        return reportCatalog()
                .replace(
                        "    - {type: H100, provider: aws, hourly: 4.00}\n",
                        "    - {type: H100, provider: aws, hourly: 4.00}\n"
                                + "    - {type: H100, provider: aws, hourly: 3.20, effective-from: \"" + h100From
                                + "\"}\n")
                .replace(
                        "  - {model: gpt-4o, input: 2.50, output: 10.00}\n",
                        "  - {model: gpt-4o, input: 2.50, output: 10.00}\n"
                                + "  - {model: gpt-4o, input: 2.00, output: 8.00, effective-from: \"" + gpt4oFrom
                                + "\"}\n");
    }

    public Instant end() {
        return start.plus(length);
    }
}
