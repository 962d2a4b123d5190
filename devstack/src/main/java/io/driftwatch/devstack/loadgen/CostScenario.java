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
 */
public record CostScenario(
        Instant start, Duration length, Duration exportInterval, long seed, List<Service> services, List<Gpu> gpus) {

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
