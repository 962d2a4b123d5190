package io.driftwatch.jobs.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftwatch.connectors.remotewrite.internal.PrometheusNames;
import io.driftwatch.cost.catalog.CatalogDocument;
import io.driftwatch.cost.catalog.CatalogException;
import io.driftwatch.cost.catalog.CatalogReader;
import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.drift.confidence.ShortWindowRule;
import io.driftwatch.drift.config.DriftPolicyKeys;
import io.driftwatch.drift.fdr.FdrLevel;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.sketch.NumericSummary;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place where every configuration key is declared: its name, type, built-in default,
 * documentation and validation. Maps a configuration tree onto the immutable config classes.
 */
final class ConfigBinder {

    /** The result of a binding: the values, and the effective tree with the paths to mask in it. */
    record Bound(Values values, ObjectNode effective, Set<String> secretPaths) {}

    /** The bound sections of a {@link DriftwatchConfig}. */
    record Values(
            String jobName,
            KafkaConfig kafka,
            IngestConfig ingest,
            ConfidenceConfig confidence,
            DriftConfig drift,
            CostConfig cost,
            OutputConfig output,
            RemoteWriteConfig remoteWrite,
            FlinkConfig flink) {}

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern REPRICE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern METRIC_PREFIX = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** Set by Driftwatch from its own keys; a second way to set them would be ambiguous. */
    private static final Map<String, String> RESERVED_KAFKA_PROPERTIES = Map.of(
            "bootstrap.servers", "kafka.bootstrap-servers",
            "group.id", "kafka.group-id");

    private ConfigBinder() {}

    /** Binds {@code tree}; problems go to {@code binding}, and values are placeholders where invalid. */
    static Bound bind(ObjectNode tree, Binding binding) {
        Section root = Section.root(binding, tree);
        Values values = new Values(
                root.nonBlank("job-name", "driftwatch", "Name of the Flink job."),
                root.section("kafka", ConfigBinder::kafka),
                root.section("ingest", ConfigBinder::ingest),
                root.section("confidence", ConfigBinder::confidence),
                root.section("drift", ConfigBinder::drift),
                root.section("cost", ConfigBinder::cost),
                root.section("output", ConfigBinder::output),
                root.section("remote-write", ConfigBinder::remoteWrite),
                root.section("flink", ConfigBinder::flink));
        root.finish();
        crossSectionChecks(values, binding);
        binding.reportUnknownKeys();
        return new Bound(values, root.effective(), binding.secretPaths());
    }

    private static KafkaConfig kafka(Section s) {
        String bootstrapServers = s.nonBlank(
                "bootstrap-servers", "localhost:9092", "Kafka brokers to bootstrap from, host:port, comma-separated.");
        String groupId = s.nonBlank("group-id", "driftwatch", "Consumer group id (committed offsets).");
        List<InputTopic> inputs = s.sections(
                "inputs",
                defaultInputs(),
                "Topics the OTel Collector's Kafka exporter writes metrics to; at least one, distinct.",
                ConfigBinder::inputTopic);
        if (inputs.isEmpty()) {
            s.check("inputs", false, "must list at least one topic");
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Integer first = firstIndex.putIfAbsent(inputs.get(i).topic(), i);
            if (first != null && !inputs.get(i).topic().isEmpty()) {
                s.binding()
                        .fail(
                                KeyPaths.item(s.path("inputs"), i) + ".topic",
                                "duplicate topic '" + inputs.get(i).topic() + "' (also kafka.inputs[" + first + "])");
            }
        }
        StartingOffsets startingOffsets = s.choice(
                "starting-offsets",
                StartingOffsets.EARLIEST,
                "Where to start without a checkpoint: earliest, latest or committed (group offsets).");
        boolean bounded = s.bool(
                "bounded", false, "Stop at the end offsets seen at start instead of running forever (replays, tests).");
        String deadLetterTopic = s.nonBlank(
                "dead-letter-topic",
                "driftwatch.dead-letters",
                "Topic receiving input records that cannot be decoded or normalised.");
        boolean checkTopics = s.bool(
                "check-topics",
                true,
                "At start-up, check that every topic the job reads or writes exists, naming each missing one; off where the job may not describe topics.");
        Map<String, String> properties = s.stringMap(
                "properties",
                "Extra Kafka client properties (e.g. security.protocol, sasl.jaas.config), passed verbatim.");
        properties.keySet().stream()
                .filter(RESERVED_KAFKA_PROPERTIES::containsKey)
                .forEach(name -> s.binding()
                        .fail(
                                KeyPaths.child(s.path("properties"), name),
                                "set " + RESERVED_KAFKA_PROPERTIES.get(name) + " instead"));
        return new KafkaConfig(
                bootstrapServers, groupId, inputs, startingOffsets, bounded, deadLetterTopic, checkTopics, properties);
    }

    private static ArrayNode defaultInputs() {
        ArrayNode inputs = JsonNodeFactory.instance.arrayNode();
        inputs.addObject().put("topic", "otlp_metrics").put("encoding", "otlp_proto");
        return inputs;
    }

    private static InputTopic inputTopic(Section s) {
        return new InputTopic(
                s.nonBlank("topic", null, "Topic name."),
                s.oneOf(
                        "encoding",
                        "otlp_proto",
                        InputTopic.ENCODINGS,
                        "Record encoding, as the exporter's 'encoding' setting: otlp_proto or otlp_json."));
    }

    private static IngestConfig ingest(Section s) {
        return new IngestConfig(
                s.stringList(
                        "drop-labels",
                        List.of("user_id", "request_id", "session_id", "user.id", "request.id", "session.id"),
                        "Labels removed from every point before keying (per-request identifiers)."),
                s.integer(
                        "max-series-per-metric",
                        10_000,
                        1,
                        "Cardinality guard: distinct series kept per metric and parallel instance; points of further series are refused and counted."),
                s.duration(
                        "max-out-of-orderness",
                        Duration.ofMinutes(5),
                        "How late a point may arrive behind the newest timestamp and still count."),
                s.duration(
                        "idle-timeout",
                        Duration.ZERO,
                        "Mark a partition idle after this long without data, so it does not stall; 0s = off."),
                s.get(
                        "min-timestamp",
                        ValueType.INSTANT,
                        Instant.parse("2000-01-01T00:00:00Z"),
                        "Points stamped before this instant (ISO-8601, UTC) are rejected as bad input."),
                s.duration(
                        "max-future-skew",
                        Duration.ofHours(1),
                        "Points stamped more than this ahead of the wall clock are rejected as bad input."),
                s.duration(
                        "max-ahead-of-record-time",
                        Duration.ofHours(1),
                        "Points (span starts and ends) stamped more than this after their Kafka record's timestamp are dead-lettered as time_skew; 0s = off."),
                s.duration(
                        "max-behind-record-time",
                        Duration.ofDays(7),
                        "Points (span starts and ends) stamped more than this before their Kafka record's timestamp are dead-lettered as time_skew; 0s = off (backfills)."),
                maxRecordBytes(s),
                s.integer(
                        "max-labels-per-point",
                        128,
                        1,
                        "Points and spans with more labels (resource, scope and own attributes) are dead-lettered as too_many_labels."),
                s.duration(
                        "series-state-ttl",
                        Duration.ofDays(7),
                        "A series silent this long (processing time) loses its delta state; 0s = keep forever."));
    }

    private static int maxRecordBytes(Section s) {
        long bytes = s.byteSize(
                "max-record-bytes",
                1_000_000,
                "Record values larger than this are dead-lettered unread (record_too_large), without their value.");
        s.check("max-record-bytes", bytes <= Integer.MAX_VALUE, "must be at most 2147483647 bytes (got " + bytes + ")");
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }

    private static ConfidenceConfig confidence(Section s) {
        boolean enabled = s.bool("enabled", true, "Run the confidence analytics.");
        String metric = s.nonBlank(
                "metric", "ml.inference.confidence", "OTLP name of the confidence histogram (values in [0, 1]).");
        List<String> groupBy = s.stringList(
                "group-by",
                List.of("model_name", "model_version", "use_case", "environment"),
                "Labels identifying one analysed population; carried by every derived series. Non-empty.");
        if (groupBy.isEmpty()) {
            s.check("group-by", false, "must list at least one label");
        }
        checkDistinct(s, "group-by", groupBy);
        Duration interval = s.positiveDuration(
                "evaluation-interval",
                Duration.ofHours(1),
                "How often results are computed and written; windows are whole multiples of it.");
        Duration currentWindow = s.positiveDuration(
                "current-window",
                Duration.ofHours(24),
                "Length of the current window compared with the baseline (ml:confidence:current_avg).");
        double lowThreshold = s.number(
                "low-threshold", 0.6, "A confidence below this counts as low (ml:confidence:low_ratio); in [0, 1].");
        s.check(
                "low-threshold",
                lowThreshold >= 0 && lowThreshold <= 1,
                "must be between 0 and 1 (got " + lowThreshold + ")");
        double k = s.number(
                "adaptive-threshold-k",
                3.0,
                "Adaptive threshold = baseline mean - k * baseline standard deviation; >= 0.");
        s.check("adaptive-threshold-k", k >= 0, "must be at least 0 (got " + k + ")");
        double driftRatio = s.number(
                "drift-ratio-threshold",
                0.1,
                "Drift when |current mean - baseline mean| / baseline mean exceeds this; > 0.");
        s.check("drift-ratio-threshold", driftRatio > 0, "must be greater than 0 (got " + driftRatio + ")");
        int minCount = s.integer(
                "min-count-per-interval", 1, 1, "Intervals with fewer observations than this are not evaluated.");
        double resolveRatio = s.number(
                "resolve-ratio",
                0.8,
                "A firing confidence_drift event resolves when the drift ratio falls below resolve-ratio x drift-ratio-threshold; in (0, 1].");
        s.check("resolve-ratio", resolveRatio > 0 && resolveRatio <= 1, "must be in (0, 1] (got " + resolveRatio + ")");
        long minSamples = s.integer(
                "min-samples",
                100,
                1,
                "Inferences the current window needs before a confidence_drift event may fire or resolve.");
        BaselineConfig baseline = s.section("baseline", ConfigBinder::baseline);
        Duration shortWindow = shortWindow(s, interval, currentWindow);
        double shortAlpha = s.number(
                "short-window-alpha",
                ShortWindowRule.DEFAULT_ALPHA,
                "Two-sided significance of one short-window evaluation (see README, multi-scale windows); in (0, 1).");
        s.check("short-window-alpha", shortAlpha > 0 && shortAlpha < 1, "must be in (0, 1) (got " + shortAlpha + ")");
        checkMultiple(s, "current-window", currentWindow, "evaluation-interval", interval);
        checkMultiple(s, "baseline.period", baseline.period(), "evaluation-interval", interval);
        if (baseline.mode() == BaselineMode.HOUR_OF_WEEK) {
            s.check(
                    "baseline.period",
                    baseline.period().compareTo(Duration.ofDays(7)) >= 0,
                    "must be at least 7d with baseline.mode hour-of-week, so that every hour of the week is learnt (got "
                            + Durations.format(baseline.period()) + ")");
            s.check(
                    "evaluation-interval",
                    Duration.ofHours(1).toMillis() % interval.toMillis() == 0,
                    "must divide one hour (1h, 30m, 15m, ...) with baseline.mode hour-of-week, so that an interval"
                            + " lies in one hour of the week (got " + Durations.format(interval) + ")");
        }
        int maxGroups = s.integer(
                "max-groups-per-model",
                ConfidenceConfig.DEFAULT_MAX_GROUPS_PER_MODEL,
                1,
                "Groups of one model_name analysed apart; the points of further groups (in arrival order) go to the"
                        + " model's overflow group, counted.");
        List<String> rollups = rollups(s, groupBy);
        return new ConfidenceConfig(
                enabled,
                metric,
                groupBy,
                interval,
                currentWindow,
                lowThreshold,
                k,
                driftRatio,
                minCount,
                resolveRatio,
                minSamples,
                baseline,
                shortWindow,
                shortAlpha,
                maxGroups,
                rollups);
    }

    /** {@code confidence.rollups}: names of {@link ConfidenceConfig#ROLLUPS}, returned finest first; their labels must be grouped by. */
    private static List<String> rollups(Section s, List<String> groupBy) {
        List<String> raw = s.stringList(
                "rollups",
                List.of(),
                "Roll-ups evaluated beside the groups by merging their intervals: any of model_version, model, fleet"
                        + " (series labelled rollup=...); [] is off.");
        checkDistinct(s, "rollups", raw);
        for (String r : raw) {
            s.check(
                    "rollups",
                    ConfidenceConfig.ROLLUPS.contains(r),
                    "\"" + r + "\" is not a roll-up; use any of " + ConfidenceConfig.ROLLUPS);
        }
        if (!raw.isEmpty()) {
            s.check(
                    "group-by",
                    !groupBy.contains("rollup"),
                    "must not hold the label rollup while confidence.rollups is on: roll-up series carry it");
        }
        for (String label : List.of("model_version", "model_name")) {
            for (String r : raw) {
                boolean needs = label.equals("model_name") ? !r.equals("fleet") : r.equals("model_version");
                s.check(
                        "rollups",
                        !needs || groupBy.contains(label),
                        r + " needs " + label + " in confidence.group-by (got " + groupBy + ")");
            }
        }
        return ConfidenceConfig.ROLLUPS.stream().filter(raw::contains).toList();
    }

    /**
     * {@code confidence.short-window}: a duration, {@code evaluation-interval} (the default: one interval) or
     * {@code off} (returned as zero).
     */
    private static Duration shortWindow(Section s, Duration interval, Duration currentWindow) {
        String raw = s.string(
                        "short-window",
                        "evaluation-interval",
                        "Short window evaluated beside current-window against the same baseline, with a sample-size-aware"
                                + " threshold: a duration (a whole multiple of evaluation-interval, at most current-window),"
                                + " evaluation-interval (one interval) or off.")
                .trim();
        if (raw.equalsIgnoreCase("off")) {
            return Duration.ZERO;
        }
        if (raw.equalsIgnoreCase("evaluation-interval")) {
            return interval;
        }
        Duration d;
        try {
            d = Durations.parse(raw);
        } catch (IllegalArgumentException e) {
            s.check("short-window", false, e.getMessage() + "; or off, or evaluation-interval");
            return Duration.ZERO;
        }
        s.check("short-window", !d.isZero(), "must be greater than 0, or off");
        if (!d.isZero()) {
            checkMultiple(s, "short-window", d, "evaluation-interval", interval);
            s.check(
                    "short-window",
                    currentWindow.isZero() || d.compareTo(currentWindow) <= 0,
                    "must not be longer than current-window (" + Durations.format(currentWindow) + ", got "
                            + Durations.format(d) + ")");
        }
        return d;
    }

    private static BaselineConfig baseline(Section s) {
        return new BaselineConfig(
                s.choice(
                        "mode",
                        BaselineMode.FROZEN,
                        "frozen: the first period of data, then kept; rolling: the period before the current window;"
                                + " hour-of-week: one baseline per hour of the week (UTC), learnt over the first period, then kept."),
                s.positiveDuration(
                        "period",
                        Duration.ofDays(30),
                        "Length of the baseline; a whole multiple of confidence.evaluation-interval."));
    }

    /** {@code drift.fdr-q}: a number in (0, 1) or off (YAML reads an unquoted off as false: off too). */
    private static final ValueType<FdrLevel> FDR_LEVEL = new ValueType<>(
            "a number in (0, 1) or off",
            t -> t.strip().equalsIgnoreCase("false") ? FdrLevel.off() : FdrLevel.parse(t),
            FdrLevel::toString,
            l -> l.isOff() ? TextNode.valueOf("off") : DoubleNode.valueOf(l.q()));

    private static DriftConfig drift(Section s) {
        boolean enabled = s.bool("enabled", true, "Run the feature-drift analysis.");
        String metric = s.nonBlank(
                "metric",
                "ml.feature.value",
                "OTLP name of the feature histograms (explicit buckets), one series per feature.");
        String featureLabel = s.nonBlank("feature-label", "feature", "Label of drift.metric naming the feature.");
        DriftConfig.SpanFeaturesConfig spans = s.section("spans", ConfigBinder::spanFeatures);
        Duration interval = s.positiveDuration(
                "evaluation-interval",
                Duration.ofHours(1),
                "How often each feature is evaluated; windows are whole multiples of it.");
        Duration currentWindow = s.positiveDuration(
                "current-window", Duration.ofHours(24), "Length of the current window compared with the baseline.");
        Duration shortWindow = s.get(
                "short-window",
                ValueType.DURATION_OR_OFF,
                Duration.ofHours(1),
                "Length of the short window, also compared with the baseline at every evaluation (its own"
                        + " sample-size-aware threshold, drift.short-window-alpha); a whole multiple of"
                        + " drift.evaluation-interval, at most drift.current-window; off: none.");
        boolean[] referenceMode = {false};
        BaselineConfig baseline = s.section("baseline", b -> {
            String mode = b.oneOf(
                    "mode",
                    "frozen",
                    List.of("frozen", "rolling", "reference", "hour-of-week"),
                    "frozen: the model version's first period, then kept; rolling: the whole days before the current"
                            + " window; reference: the model version's profile on drift.reference-topic, else the fallback.");
            BaselineMode fallback = b.choice(
                    "reference-fallback",
                    BaselineMode.FROZEN,
                    "With mode reference, the baseline of model versions without a profile: frozen or rolling.");
            b.check(
                    "reference-fallback",
                    fallback != BaselineMode.HOUR_OF_WEEK,
                    "hour-of-week is a confidence baseline mode only; use frozen or rolling");
            b.check(
                    "mode",
                    !mode.equals("hour-of-week"),
                    "hour-of-week is a confidence baseline mode only; use frozen or rolling");
            referenceMode[0] = mode.equals("reference");
            return new BaselineConfig(
                    referenceMode[0]
                            ? fallback
                            : BaselineMode.valueOf(
                                    mode.toUpperCase(java.util.Locale.ROOT).replace('-', '_')),
                    b.positiveDuration(
                            "period",
                            Duration.ofDays(30),
                            "Length of the baseline; frozen: a whole multiple of drift.evaluation-interval; rolling: of 1d."));
        });
        String referenceTopic = s.string(
                "reference-topic",
                "ml.drift.references",
                "Compacted Kafka topic of reference profiles keyed model/version (drift-stats publish); read with"
                        + " drift.baseline.mode reference.");
        long referenceMaxBytes = s.byteSize(
                "reference-max-bytes",
                1_000_000,
                "Reference profile records larger than this are dead-lettered unread (record_too_large).");
        s.check(
                "reference-max-bytes",
                referenceMaxBytes <= Integer.MAX_VALUE,
                "must be at most 2147483647 bytes (got " + referenceMaxBytes + ")");
        if (referenceMode[0]) {
            s.check(
                    "reference-topic",
                    !referenceTopic.isBlank(),
                    "must name a topic with drift.baseline.mode reference");
        }
        s.removed(
                "sketch-k",
                "was the KLL parameter; numeric summaries are DDSketch bins now, whose accuracy is"
                        + " drift.sketch-relative-accuracy (default 0.001): remove drift.sketch-k");
        double relativeAccuracy = s.number(
                "sketch-relative-accuracy",
                NumericSummary.DEFAULT_RELATIVE_ACCURACY,
                "Relative accuracy alpha of numeric summaries, in [0.0001, 0.05]: each value is rounded up by less"
                        + " than 2*alpha/(1-alpha) of itself (0.2 % at 0.001) and scores are exact for the rounded values.");
        s.check(
                "sketch-relative-accuracy",
                relativeAccuracy >= NumericSummary.MIN_RELATIVE_ACCURACY
                        && relativeAccuracy <= NumericSummary.MAX_RELATIVE_ACCURACY,
                "must be in [0.0001, 0.05] (got " + relativeAccuracy + ")");
        int maxCategories = s.integer(
                "max-categories",
                1000,
                1,
                "Distinct categories counted exactly per categorical summary; further ones count as other.");
        DriftPolicy policy = DriftPolicyKeys.read(s);
        DriftConfig.SegmentsConfig segments = segments(s, featureLabel);
        FdrLevel fdr = s.get(
                "fdr-q",
                FDR_LEVEL,
                FdrLevel.of(0.01),
                "False discovery rate q of the Benjamini-Hochberg test across a model version's features (the KS"
                        + " p-values of both windows) at each evaluation, in (0, 1); off: each feature by its own"
                        + " threshold (README, false discovery rate).");
        checkMultiple(s, "current-window", currentWindow, "evaluation-interval", interval);
        if (!shortWindow.isZero()) {
            checkMultiple(s, "short-window", shortWindow, "evaluation-interval", interval);
            s.check(
                    "short-window",
                    shortWindow.compareTo(currentWindow) <= 0,
                    "must be at most drift.current-window (" + Durations.format(currentWindow) + ")");
        }
        if (baseline.mode() == BaselineMode.FROZEN) {
            checkMultiple(s, "baseline.period", baseline.period(), "evaluation-interval", interval);
        } else {
            s.check(
                    "baseline.period",
                    baseline.period().toMillis() % Duration.ofDays(1).toMillis() == 0,
                    "a rolling baseline moves in whole days: use a whole number of days (got "
                            + Durations.format(baseline.period()) + ")");
            s.check(
                    "evaluation-interval",
                    Duration.ofDays(1).toMillis() % interval.toMillis() == 0,
                    "a rolling baseline needs an interval that divides 1d (got " + Durations.format(interval) + ")");
        }
        return new DriftConfig(
                enabled,
                metric,
                featureLabel,
                spans,
                interval,
                currentWindow,
                shortWindow,
                baseline,
                relativeAccuracy,
                maxCategories,
                policy,
                new DriftConfig.ReferenceConfig(referenceMode[0], referenceTopic.strip(), referenceMaxBytes),
                segments,
                fdr);
    }

    /** Labels the feature series carry already, or that name something else on them. */
    private static final List<String> NOT_SEGMENTS = List.of(
            "model_name", "model_version", "feature", "window", "method", "baseline", "rollup", "type", "state");

    /** {@code drift.segments}, {@code drift.max-segments-per-model}, {@code drift.rollups}. */
    private static DriftConfig.SegmentsConfig segments(Section s, String featureLabel) {
        List<String> labels = s.stringList(
                "segments",
                List.of(),
                "Labels or span attributes whose values name a segment (e.g. use_case, environment): drift per"
                        + " segment, series labelled with them; empty: off.");
        checkDistinct(s, "segments", labels);
        List<String> series = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).isBlank()) {
                series.add(null);
                continue; // reported by stringList
            }
            String name = PrometheusNames.sanitizeLabelName(labels.get(i));
            if (name.startsWith("__")) {
                s.binding()
                        .fail(
                                KeyPaths.item(s.path("segments"), i),
                                "'" + labels.get(i) + "': label names starting with __ are reserved in Prometheus");
            } else if (NOT_SEGMENTS.contains(name) || labels.get(i).equals(featureLabel)) {
                s.binding()
                        .fail(
                                KeyPaths.item(s.path("segments"), i),
                                "'" + labels.get(i) + "' is a label of the feature series already");
            } else if (series.contains(name)) {
                s.binding()
                        .fail(
                                KeyPaths.item(s.path("segments"), i),
                                "'" + labels.get(i) + "' and '" + labels.get(series.indexOf(name))
                                        + "' are the same series label (" + name + ")");
            }
            series.add(name);
        }
        int max = s.integer(
                "max-segments-per-model",
                100,
                1,
                "Segments per model_name analysed on their own; later ones share one overflow segment (__overflow__).");
        List<String> rollups = s.stringList(
                "rollups",
                List.of("model_version"),
                "Coarser levels evaluated by merging the segments' summaries: any of model_version, model, fleet.");
        checkDistinct(s, "rollups", rollups);
        for (int i = 0; i < rollups.size(); i++) {
            if (!DriftConfig.SegmentsConfig.ROLLUPS.contains(rollups.get(i))) {
                s.binding()
                        .fail(
                                KeyPaths.item(s.path("rollups"), i),
                                "'" + rollups.get(i) + "' is not a roll-up: use model_version, model or fleet");
            }
        }
        return new DriftConfig.SegmentsConfig(labels, max, rollups);
    }

    private static DriftConfig.SpanFeaturesConfig spanFeatures(Section s) {
        boolean enabled = s.bool(
                "enabled",
                false,
                "Read feature values from span attributes (needs the collector's traces pipeline exporting to Kafka).");
        ArrayNode defaults = JsonNodeFactory.instance.arrayNode();
        defaults.addObject().put("topic", "otlp_spans").put("encoding", "otlp_proto");
        List<InputTopic> inputs = s.sections(
                "inputs",
                defaults,
                "Topics the OTel Collector's Kafka exporter writes spans to; at least one when enabled.",
                ConfigBinder::inputTopic);
        if (enabled && inputs.isEmpty()) {
            s.check("inputs", false, "must list at least one topic (or set drift.spans.enabled=false)");
        }
        String prefix = s.nonBlank(
                "attribute-prefix",
                "ml.feature.",
                "A span attribute named prefix + NAME is a value of feature NAME (numbers: numeric, strings and booleans: categorical).");
        String probability = s.nonBlank(
                "sampling-probability-attribute",
                "sampling.probability",
                "Span attribute with the probability the span was sampled with, used when its trace state has no ot=th: threshold.");
        return new DriftConfig.SpanFeaturesConfig(enabled, inputs, prefix, probability);
    }

    private static CostConfig cost(Section s) {
        boolean enabled = s.bool("enabled", false, "Run the cost analytics (needs cost.catalog-file).");
        String catalogFile = s.string(
                "catalog-file",
                "",
                "Price catalog (YAML: GPU rates, token prices, use-case values and budgets); required when enabled.");
        String currency = s.get(
                "currency",
                ValueType.STRING,
                "EUR",
                "ISO 4217 code of the catalog's currency; the currency label of every money series.");
        s.check(
                "currency",
                CURRENCY.matcher(currency).matches(),
                "must be an ISO 4217 code of three capital letters (got \"" + currency + "\")");
        CostConfig.CostMetricsConfig metrics = s.section(
                "metrics",
                m -> new CostConfig.CostMetricsConfig(
                        m.nonBlank(
                                "reported-cost",
                                "ml.inference.cost.gpu",
                                "Counter of the cost the service reports itself (currency units)."),
                        m.nonBlank(
                                "duration",
                                "ml.inference.duration",
                                "Inference duration histogram (ms): GPU time and inference count."),
                        m.nonBlank(
                                "tokens-total",
                                "ml.inference.tokens.total",
                                "Token counter (input and output together)."),
                        m.nonBlank(
                                "token-usage",
                                "gen_ai.client.token.usage",
                                "GenAI token usage histogram, split by gen_ai.token.type."),
                        m.nonBlank(
                                "gpu-utilisation",
                                "DCGM_FI_DEV_GPU_UTIL",
                                "GPU utilisation gauge (percent, one series per GPU).")));
        double shareFactor = s.number(
                "share-factor",
                3.0,
                "Anomaly when a use case's share of GPU cost exceeds this times its share of inferences (24 h); > 0.");
        s.check("share-factor", shareFactor > 0, "must be greater than 0 (got " + shareFactor + ")");
        int projectionDays = s.integer(
                "projection-days",
                7,
                1,
                "Full days behind the recent daily rate of the projected month-end cost; at most 31.");
        s.check("projection-days", projectionDays <= 31, "must be at most 31 (got " + projectionDays + ")");
        CostConfig.IdleConfig idle = s.section(
                "idle",
                i -> new CostConfig.IdleConfig(
                        i.choice(
                                "allocation",
                                CostConfig.IdleAllocation.NONE,
                                "none: idle GPU cost per GPU type and provider; proportional: split over the use cases by GPU cost instead."),
                        i.nonBlank(
                                "gpu-type-label",
                                "modelName",
                                "Label of the utilisation series holding the GPU type (catalog gpu.rates[].type)."),
                        i.nonBlank(
                                "provider-label",
                                "cloud.provider",
                                "Label of the utilisation series holding the provider (catalog gpu.rates[].provider).")));
        String catalogTopic = s.string(
                "catalog-topic",
                "",
                "Compacted Kafka topic of price catalog documents applied without a restart (e.g. ml.cost.catalog); empty: off.");
        PriceCatalog catalog = PriceCatalog.empty(java.util.Currency.getInstance("EUR"));
        String catalogVersion = "";
        if (enabled && catalogFile.isBlank()) {
            s.check("enabled", false, "needs " + s.path("catalog-file") + " (the price catalog)");
        } else if (enabled) {
            CatalogDocument document = catalogDocument(s, "catalog-file", catalogFile, currency);
            if (document != null) {
                catalog = document.catalog();
                catalogVersion = document.version();
            }
        }
        CostConfig.ErrorsConfig errors = new CostConfig.ErrorsConfig(
                s.nonBlank(
                        "error-label",
                        CostConfig.DEFAULT_ERRORS.label(),
                        "Attribute of the duration histogram saying how an inference ended; failed ones are priced but deliver no value."),
                s.stringList(
                        "error-values",
                        CostConfig.DEFAULT_ERRORS.values(),
                        "Values of cost.error-label that mean the inference failed (empty: none fails)."));
        return new CostConfig(
                enabled,
                catalogFile,
                catalog,
                currency,
                metrics,
                shareFactor,
                projectionDays,
                idle,
                errors,
                catalogVersion,
                catalogTopic.strip(),
                s.section("spike", ConfigBinder::spike),
                s.section("reprice", r -> reprice(r, currency)));
    }

    /**
     * The catalog file {@code key} of {@code s}, validated, its currency checked against {@code cost.currency};
     * null after reporting its problems.
     */
    private static CatalogDocument catalogDocument(Section s, String key, String file, String currency) {
        try {
            CatalogDocument document = CatalogDocument.parse(readCatalog(Path.of(file)), file);
            PriceCatalog catalog = document.catalog();
            String currencyKey = s.path("currency").replace(".reprice.", ".");
            if (!s.binding().anyFailed(currencyKey)
                    && !catalog.currency().getCurrencyCode().equals(currency)) {
                s.binding()
                        .fail(
                                s.binding().blame(currencyKey, s.path(key)),
                                "the catalog "
                                        + file + " is in "
                                        + catalog.currency().getCurrencyCode() + " but cost.currency is "
                                        + currency + ": one currency per deployment");
                return null;
            }
            return document;
        } catch (CatalogException e) {
            s.binding()
                    .failEach(
                            s.path(key),
                            e.problems().stream()
                                    .map(p -> "invalid price catalog: " + p)
                                    .toList());
        } catch (InvalidPathException e) {
            s.check(key, false, "\"" + file + "\" is not a path: " + e.getReason());
        }
        return null;
    }

    private static CostConfig.SpikeConfig spike(Section s) {
        CostConfig.SpikeConfig d = CostConfig.SpikeConfig.DEFAULT;
        int weeks = s.integer(
                "weeks",
                d.weeks(),
                1,
                "Past weeks whose same hour of the week a use case's hourly cost is compared with (cost_spike); at most 12.");
        s.check("weeks", weeks <= 12, "must be at most 12 (got " + weeks + ")");
        int minWeeks = s.integer(
                "min-weeks",
                d.minWeeks(),
                1,
                "Weeks of history a use case needs before its hours are judged; at most cost.spike.weeks.");
        s.check(
                "min-weeks",
                minWeeks <= weeks,
                "must be at most cost.spike.weeks (" + weeks + ", got " + minWeeks + ")");
        double threshold = s.number(
                "threshold",
                d.threshold(),
                "A spike: the hour's cost exceeds the mean of the same hours by more than threshold standard deviations; > 0.");
        s.check("threshold", threshold > 0, "must be greater than 0 (got " + threshold + ")");
        double minRatio =
                s.number("min-ratio", d.minRatio(), "And the hour costs more than min-ratio times that mean; >= 1.");
        s.check("min-ratio", minRatio >= 1, "must be at least 1 (got " + minRatio + ")");
        return new CostConfig.SpikeConfig(weeks, minWeeks, threshold, minRatio);
    }

    private static CostConfig.RepriceConfig reprice(Section s, String currency) {
        String name = s.string(
                "name",
                "",
                "Re-pricing run: the pricing label of its series (./driftwatch.sh cost reprice); empty: the live job.");
        String from = s.string(
                "from", "", "Re-pricing run: the first re-priced hour starts here (a whole UTC hour, ISO-8601).");
        String until = s.string(
                "until",
                "",
                "Re-pricing run: the last re-priced hour ends here (a whole UTC hour); empty: up to the end offsets at start.");
        Duration warmUp = s.duration(
                "warm-up",
                Duration.ofHours(1),
                "Re-pricing run: records this long before from are read for the counters' starting values only.");
        String catalogFile = s.string("catalog-file", "", "Re-pricing run: the price catalog to re-price with.");
        if (name.isEmpty()) {
            return CostConfig.RepriceConfig.OFF;
        }
        s.check(
                "name",
                REPRICE_NAME.matcher(name).matches(),
                "\"" + name + "\" is not a pricing label value (letters, digits, '_', '-', '.', at most 64)");
        long fromMillis = hour(s, "from", from, true);
        long untilMillis = until.isBlank() ? Long.MAX_VALUE : hour(s, "until", until, false);
        s.check(
                "until",
                untilMillis == Long.MAX_VALUE || untilMillis > fromMillis,
                "must be after " + s.path("from") + " (" + from + ")");
        CatalogDocument document = null;
        if (catalogFile.isBlank()) {
            s.check("catalog-file", false, "needs a price catalog when " + s.path("name") + " is set");
        } else {
            document = catalogDocument(s, "catalog-file", catalogFile, currency);
        }
        return document == null
                ? CostConfig.RepriceConfig.OFF
                : new CostConfig.RepriceConfig(
                        name,
                        fromMillis,
                        untilMillis,
                        warmUp.toMillis(),
                        catalogFile,
                        document.catalog(),
                        document.version());
    }

    /** A whole UTC hour given as an ISO-8601 instant, or 0 after reporting the problem. */
    private static long hour(Section s, String key, String value, boolean required) {
        if (value.isBlank()) {
            s.check(key, !required, "needs an instant (a whole UTC hour, e.g. 2026-01-01T00:00:00Z)");
            return 0;
        }
        try {
            Instant t = Instant.parse(value.strip());
            s.check(key, t.toEpochMilli() % 3_600_000L == 0, "must be a whole UTC hour (got " + value + ")");
            return t.toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            s.check(key, false, "\"" + value + "\" is not an ISO-8601 instant (use e.g. 2026-01-01T00:00:00Z)");
            return 0;
        }
    }

    /** The catalog file's text, as {@link CatalogReader#read} reads it. */
    private static String readCatalog(Path file) throws CatalogException {
        try {
            return java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new CatalogException(List.of(
                    new io.driftwatch.cost.catalog.CatalogProblem(file.toString(), 0, "", "cannot read: " + e)));
        }
    }

    private static OutputConfig output(Section s) {
        String prefix = s.string(
                "metric-prefix",
                "",
                "Prepended to every derived series name (e.g. staging_); empty keeps the documented names.");
        s.check(
                "metric-prefix",
                prefix.isEmpty() || METRIC_PREFIX.matcher(prefix).matches(),
                "\"" + prefix
                        + "\" cannot start a metric name (use letters, digits, '_' and ':', not a leading digit)");
        String eventsTopic = s.nonBlank(
                "events-topic",
                "ml.drift.events",
                "Kafka topic receiving drift and cost events (JSON documents, written exactly-once).");
        return new OutputConfig(prefix, eventsTopic);
    }

    private static RemoteWriteConfig remoteWrite(Section s) {
        URI url = s.get(
                        "url",
                        ValueType.STRING,
                        "http://localhost:8428/api/v1/write",
                        "Prometheus remote-write endpoint (VictoriaMetrics: .../api/v1/write), http or https.")
                .transform(text -> httpUrl(s, "url", text));
        Map<String, String> extraLabels =
                s.stringMap("extra-labels", "Labels added to every written series, e.g. {cluster: eu-1}.");
        extraLabels.forEach((name, value) -> {
            String path = KeyPaths.child(s.path("extra-labels"), name);
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                s.binding()
                        .fail(
                                path,
                                "'" + name + "' is not a valid label name "
                                        + "([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
            } else if (value.isEmpty()) {
                s.binding().fail(path, "must not be empty (an empty label value removes the label)");
            }
        });
        BasicAuth basicAuth = s.section("basic-auth", ConfigBinder::basicAuth);
        Secret bearerToken = s.secret(
                "bearer-token",
                "Bearer token for the Authorization header; exclusive with basic-auth. Use ${ENV_VAR}.");
        if (basicAuth.isConfigured() && bearerToken.isSet()) {
            String blamed = s.binding().blame(s.path("basic-auth.username"), s.path("bearer-token"));
            s.binding().fail(blamed, "basic-auth and bearer-token are exclusive: set one of them");
        }
        TlsConfig tls = s.section("tls", ConfigBinder::tls);
        Duration timeout = s.positiveDuration("timeout", Duration.ofSeconds(30), "Timeout of one HTTP request.");
        int maxBatchSamples = s.integer("max-batch-samples", 5_000, 1, "At most this many samples per request.");
        long maxBatchBytes = s.byteSize(
                "max-batch-bytes",
                4L * 1024 * 1024,
                "At most this many bytes of uncompressed protobuf per request (B, KiB, MiB, KB, MB).");
        int maxInFlight = s.integer("max-in-flight-requests", 4, 1, "Concurrent requests per sink writer.");
        int maxBuffered = s.integer(
                "max-buffered-samples",
                50_000,
                2,
                "Samples a sink writer buffers before it blocks (backpressure); > max-batch-samples.");
        if (maxBuffered <= maxBatchSamples
                && !s.binding().anyFailed(s.path("max-buffered-samples"), s.path("max-batch-samples"))) {
            s.binding()
                    .fail(
                            s.path("max-buffered-samples"),
                            maxBuffered + " is not more than " + s.path("max-batch-samples") + " (" + maxBatchSamples
                                    + ")");
        }
        Duration initialBackoff = s.positiveDuration(
                "retry-initial-backoff",
                Duration.ofMillis(100),
                "First delay after a retryable failure (5xx, 429, I/O); doubles on each retry.");
        Duration maxBackoff = s.positiveDuration(
                "retry-max-backoff",
                Duration.ofSeconds(10),
                "Upper bound of the delay between retries; >= retry-initial-backoff.");
        String maxPath = s.path("retry-max-backoff");
        String initialPath = s.path("retry-initial-backoff");
        if (maxBackoff.compareTo(initialBackoff) < 0 && !s.binding().anyFailed(maxPath, initialPath)) {
            if (s.binding().blame(maxPath, initialPath).equals(maxPath)) {
                s.binding()
                        .fail(
                                maxPath,
                                Durations.format(maxBackoff) + " is less than " + initialPath + " ("
                                        + Durations.format(initialBackoff) + ")");
            } else {
                s.binding()
                        .fail(
                                initialPath,
                                Durations.format(initialBackoff) + " is more than " + maxPath + " ("
                                        + Durations.format(maxBackoff) + ")");
            }
        }
        Duration maxRetryDuration = s.positiveDuration(
                "max-retry-duration",
                Duration.ofMinutes(5),
                "How long one request is retried (5xx, 429, I/O) before the job fails naming the endpoint"
                        + " and restarts from its last checkpoint.");
        String deadLetterTopic = s.nonBlank(
                "dead-letter-topic",
                "driftwatch.remote-write.dead-letters",
                "Kafka topic receiving batches rejected with a non-retryable error (4xx).");
        return new RemoteWriteConfig(
                url,
                extraLabels,
                basicAuth,
                bearerToken,
                tls,
                timeout,
                maxBatchSamples,
                maxBatchBytes,
                maxInFlight,
                maxBuffered,
                initialBackoff,
                maxBackoff,
                maxRetryDuration,
                deadLetterTopic);
    }

    private static URI httpUrl(Section s, String key, String text) {
        URI fallback = URI.create("http://localhost:8428/api/v1/write");
        try {
            URI uri = new URI(text.strip());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null) {
                s.check(key, false, "\"" + text + "\" is not an http(s) URL with a host");
                return fallback;
            }
            if (uri.getRawUserInfo() != null) {
                s.check(key, false, "credentials in the URL are not supported: use remote-write.basic-auth");
                return fallback;
            }
            return uri;
        } catch (URISyntaxException e) {
            s.check(key, false, "\"" + text + "\" is not a URL: " + e.getReason());
            return fallback;
        }
    }

    private static BasicAuth basicAuth(Section s) {
        String username = s.string("username", "", "Basic-auth user name; set together with password.");
        Secret password = s.secret("password", "Basic-auth password; use ${ENV_VAR} rather than writing it here.");
        if (username.isEmpty() != !password.isSet()) {
            String given = username.isEmpty() ? "password" : "username";
            String missing = username.isEmpty() ? "username" : "password";
            s.check(given, false, "needs " + s.path(missing) + " too (basic auth takes both)");
        }
        return username.isEmpty() ? BasicAuth.NONE : new BasicAuth(username, password);
    }

    private static TlsConfig tls(Section s) {
        String ca = existingFile(s, "ca-file", "PEM file of CA certificates to trust instead of the JVM's.");
        String cert = existingFile(s, "cert-file", "PEM client certificate (mutual TLS); set with key-file.");
        String key = existingFile(s, "key-file", "PEM private key of cert-file.");
        if (cert.isEmpty() != key.isEmpty()) {
            String given = cert.isEmpty() ? "key-file" : "cert-file";
            String missing = cert.isEmpty() ? "cert-file" : "key-file";
            s.check(given, false, "needs " + s.path(missing) + " too (a client certificate takes both)");
        }
        boolean insecure =
                s.bool("insecure-skip-verify", false, "Skip server certificate and host name checks. Testing only.");
        return new TlsConfig(ca, cert, key, insecure);
    }

    private static String existingFile(Section s, String key, String doc) {
        String file = s.string(key, "", doc);
        if (!file.isEmpty()) {
            boolean exists;
            try {
                exists = Files.isRegularFile(Path.of(file));
            } catch (InvalidPathException e) {
                exists = false;
            }
            s.check(key, exists, "file not found: " + file);
        }
        return file;
    }

    private static FlinkConfig flink(Section s) {
        int parallelism = s.integer("parallelism", 0, 0, "Default operator parallelism; 0 = the environment's.");
        Duration checkpointInterval = s.positiveDuration(
                "checkpoint-interval", Duration.ofSeconds(30), "Interval between (exactly-once) checkpoints; > 0.");
        String checkpointDir = s.string(
                "checkpoint-dir",
                "",
                "Checkpoint storage URI (file:///..., s3://...); empty = the cluster's configuration.");
        if (!checkpointDir.isEmpty()) {
            checkUri(s, "checkpoint-dir", checkpointDir);
        }
        StateBackendKind stateBackend = s.choice(
                "state-backend",
                StateBackendKind.HASHMAP,
                "hashmap (heap) or rocksdb (disk, for state larger than memory).");
        String savepointPath = s.string("savepoint-path", "", "Resume from this savepoint when set.");
        if (!savepointPath.isEmpty()) {
            checkUri(s, "savepoint-path", savepointPath);
        }
        return new FlinkConfig(parallelism, checkpointInterval, checkpointDir, stateBackend, savepointPath);
    }

    private static void checkUri(Section s, String key, String text) {
        try {
            new URI(text);
        } catch (URISyntaxException e) {
            s.check(key, false, "\"" + text + "\" is not a path or URI: " + e.getReason());
        }
    }

    private static void checkDistinct(Section s, String key, List<String> items) {
        for (int i = 0; i < items.size(); i++) {
            int first = items.indexOf(items.get(i));
            if (first < i) {
                s.binding()
                        .fail(
                                KeyPaths.item(s.path(key), i),
                                "'" + items.get(i) + "' is listed twice (also " + KeyPaths.item(s.path(key), first)
                                        + ")");
            }
        }
    }

    /** Reports unless {@code window} is a whole multiple of {@code unit}, blaming the one the user set. */
    private static void checkMultiple(Section s, String windowKey, Duration window, String unitKey, Duration unit) {
        Binding b = s.binding();
        String windowPath = s.path(windowKey);
        String unitPath = s.path(unitKey);
        if (b.anyFailed(windowPath, unitPath)
                || unit.isZero()
                || nanos(window).mod(nanos(unit)).signum() == 0) {
            return;
        }
        if (b.blame(windowPath, unitPath).equals(windowPath)) {
            b.fail(
                    windowPath,
                    Durations.format(window) + " is not a whole multiple of " + unitPath + " (" + Durations.format(unit)
                            + ")");
        } else {
            b.fail(
                    unitPath,
                    Durations.format(unit) + " does not divide " + windowPath + " (" + Durations.format(window)
                            + ") into whole intervals");
        }
    }

    // Exact for any Duration: toNanos() overflows beyond 292 years.
    private static BigInteger nanos(Duration d) {
        return BigInteger.valueOf(d.getSeconds())
                .multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(d.getNano()));
    }

    private static void crossSectionChecks(Values v, Binding b) {
        checkNotAnInput(
                b,
                "kafka.dead-letter-topic",
                v.kafka().deadLetterTopic(),
                v.kafka().topics(),
                "dead letters");
        checkNotAnInput(
                b,
                "remote-write.dead-letter-topic",
                v.remoteWrite().deadLetterTopic(),
                v.kafka().topics(),
                "dead letters");
        checkNotAnInput(
                b, "output.events-topic", v.output().eventsTopic(), v.kafka().topics(), "events");
        if (v.drift().enabled() && v.drift().spans().enabled()) {
            List<String> spanTopics = v.drift().spans().topics();
            for (int i = 0; i < spanTopics.size(); i++) {
                if (v.kafka().topics().contains(spanTopics.get(i))) {
                    b.fail(
                            "drift.spans.inputs[" + i + "].topic",
                            "'" + spanTopics.get(i)
                                    + "' is also a metrics input (kafka.inputs): give spans their own topic");
                }
            }
            checkNotAnInput(b, "output.events-topic", v.output().eventsTopic(), spanTopics, "events");
            checkNotAnInput(b, "kafka.dead-letter-topic", v.kafka().deadLetterTopic(), spanTopics, "dead letters");
        }
    }

    private static void checkNotAnInput(Binding b, String path, String topic, List<String> inputTopics, String what) {
        if (inputTopics.contains(topic)) {
            b.fail(path, "'" + topic + "' is also an input topic: " + what + " would be read back as input");
        }
    }
}
