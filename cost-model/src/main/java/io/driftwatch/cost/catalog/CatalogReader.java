package io.driftwatch.cost.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftwatch.cost.money.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads and validates a YAML price catalog:
 *
 * <pre>
 * currency: EUR                # ISO 4217 code; optional, EUR when absent
 * gpu:
 *   rates:                     # price of one GPU for one hour, per GPU type and provider
 *     - {type: A100, provider: aws, hourly: 2.50}
 *   models:                    # which GPU type and provider serves which model
 *     - {model: llama-3-8b, type: A100, provider: aws}
 * tokens:                      # price per 1,000,000 tokens, input and output, per model
 *   - {model: gpt-4o, input: 2.50, output: 10.00}
 * use-cases:
 *   - {name: maintenance_assistant, value-per-inference: 0.50, monthly-budget: 2000}
 *   - {name: maintenance_assistant, value-per-inference: 0.60, monthly-budget: 2000,
 *      effective-from: 2026-02-01}
 * </pre>
 *
 * <p>Any entry may carry {@code effective-from} (an RFC 3339 date-time with offset, or a date meaning
 * midnight UTC, on a whole UTC hour): it is in force from then until the next entry for the same
 * subject (GPU type and provider, model, use case); an entry without it is in force from the start.
 * A subject's entries must be listed in effective-from order (undated first), at most one per instant,
 * and a model must not be assigned to a GPU type and provider before that GPU's first rate. Before
 * its first entry a subject is not in the catalog, as if absent. See {@link PriceCatalog#at(long)}.
 *
 * <p>Every section is optional; every field of an entry is required. Names are non-empty strings;
 * amounts are YAML numbers (not quoted strings), at least 0, with at most 6 decimal places (see
 * {@link Money}). Refused, each reported with the file, line and key path: YAML syntax errors,
 * unknown or duplicate keys, missing or empty fields, non-numeric, negative or too precise amounts,
 * duplicate entries (same GPU type and provider, same model, same use case name), an unknown or
 * malformed currency code, and a model mapped to a GPU type and provider that {@code gpu.rates}
 * does not price. All problems are collected and thrown together in one {@link CatalogException}.
 */
public final class CatalogReader {

    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final String DEFAULT_CURRENCY = "EUR";
    private static final String EFFECTIVE_FROM = "effective-from";
    private static final long MILLIS_PER_HOUR = 3_600_000L;

    private final YAMLFactory yaml = new YAMLFactory();
    // Floats as BigDecimal: the YAML text 2.50 must become exactly 2.50, never a binary double.
    private final ObjectMapper mapper =
            new ObjectMapper(yaml).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Reads the catalog file at {@code file} (UTF-8). */
    public PriceCatalog read(Path file) throws CatalogException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CatalogException(List.of(new CatalogProblem(file.toString(), 0, "", "cannot read: " + e)));
        }
        return parse(text, file.toString());
    }

    /**
     * Parses catalog YAML.
     *
     * @param source name of the file the text came from, used in problem reports
     */
    public PriceCatalog parse(String text, String source) throws CatalogException {
        Map<String, Integer> lines = new HashMap<>();
        List<DuplicateKey> duplicateKeys = new ArrayList<>();
        JsonNode root;
        try {
            scanLinesAndDuplicateKeys(text, lines, duplicateKeys);
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CatalogException(List.of(syntaxProblem(e, source)));
        } catch (IOException e) {
            throw new CatalogException(List.of(new CatalogProblem(source, 0, "", "cannot parse: " + e)));
        }
        return new Validation(source, root, lines, duplicateKeys).catalog();
    }

    /** A syntax error, with SnakeYAML's own problem and position where it gives them. */
    private static CatalogProblem syntaxProblem(JsonProcessingException e, String source) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                String what = (m.getContext() == null ? "" : m.getContext() + ": ") + m.getProblem();
                return new CatalogProblem(source, m.getProblemMark().getLine() + 1, "", "not valid YAML: " + what);
            }
        }
        int line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNr(), 0);
        return new CatalogProblem(
                source, line, "", "not valid YAML: " + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " "));
    }

    /** A key repeated within one mapping (the tree model silently keeps the last value). */
    private record DuplicateKey(JsonPointer at, int line, int firstLine) {}

    /** Records the first line of every key path (as a JSON pointer) and every key repeated within one mapping. */
    private void scanLinesAndDuplicateKeys(String text, Map<String, Integer> lines, List<DuplicateKey> duplicates)
            throws IOException {
        try (JsonParser p = yaml.createParser(text)) {
            Deque<Set<String>> keysPerMapping = new ArrayDeque<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonStreamContext ctx = p.getParsingContext();
                int line = p.currentTokenLocation().getLineNr();
                switch (t) {
                    case START_OBJECT -> {
                        keysPerMapping.push(new HashSet<>());
                        lines.putIfAbsent(pointer(ctx.getParent()), line);
                    }
                    case START_ARRAY -> lines.putIfAbsent(pointer(ctx.getParent()), line);
                    case END_OBJECT -> keysPerMapping.pop();
                    case END_ARRAY -> {}
                    case FIELD_NAME -> {
                        String ptr = pointer(ctx);
                        if (!keysPerMapping.peek().add(p.currentName())) {
                            duplicates.add(new DuplicateKey(JsonPointer.compile(ptr), line, lines.get(ptr)));
                        }
                        lines.putIfAbsent(ptr, line);
                    }
                    default -> lines.putIfAbsent(pointer(ctx), line);
                }
            }
        }
    }

    private static String pointer(JsonStreamContext ctx) {
        return ctx == null ? "" : ctx.pathAsPointer().toString();
    }

    /** One validation run: walks the tree, collecting problems. */
    private static final class Validation {
        private final String source;
        private final JsonNode root;
        private final Map<String, Integer> lines;
        private final List<CatalogProblem> problems = new ArrayList<>();

        Validation(String source, JsonNode root, Map<String, Integer> lines, List<DuplicateKey> duplicateKeys) {
            this.source = source;
            this.root = root;
            this.lines = lines;
            for (DuplicateKey d : duplicateKeys) {
                problems.add(new CatalogProblem(
                        source, d.line(), display(d.at()), "duplicate key (first on line " + d.firstLine() + ")"));
            }
        }

        PriceCatalog catalog() throws CatalogException {
            JsonPointer top = JsonPointer.empty();
            List<Dated<GpuRate>> rates = new ArrayList<>();
            List<Dated<GpuAssignment>> assignments = new ArrayList<>();
            List<Dated<TokenPrice>> tokens = new ArrayList<>();
            List<Dated<UseCase>> useCases = new ArrayList<>();
            Currency currency = Currency.getInstance(DEFAULT_CURRENCY);
            if (root == null || root.isMissingNode() || root.isNull()) {
                problem(top, "the catalog is empty");
            } else if (!root.isObject()) {
                problem(top, "the catalog must be a mapping, got " + kind(root));
            } else {
                checkKeys(root, top, Set.of("currency", "gpu", "tokens", "use-cases"));
                if (root.has("currency")) {
                    currency = currency(root.get("currency"), top.appendProperty("currency"), currency);
                }
                JsonNode gpu = root.get("gpu");
                if (gpu != null && !gpu.isNull()) {
                    JsonPointer at = top.appendProperty("gpu");
                    if (!gpu.isObject()) {
                        problem(at, "must be a mapping with keys rates and models, got " + kind(gpu));
                    } else {
                        checkKeys(gpu, at, Set.of("rates", "models"));
                        rates = gpuRates(gpu.get("rates"), at.appendProperty("rates"));
                        assignments = gpuAssignments(gpu.get("models"), at.appendProperty("models"), rates);
                    }
                }
                tokens = tokenPrices(root.get("tokens"), top.appendProperty("tokens"));
                useCases = useCases(root.get("use-cases"), top.appendProperty("use-cases"));
            }
            if (!problems.isEmpty()) {
                problems.sort(Comparator.comparingInt(CatalogProblem::line));
                throw new CatalogException(problems);
            }
            return PriceCatalog.dated(currency, rates, assignments, tokens, useCases);
        }

        private Currency currency(JsonNode node, JsonPointer at, Currency fallback) {
            if (!node.isTextual() || !CURRENCY_CODE.matcher(node.asText()).matches()) {
                problem(at, "must be an ISO 4217 currency code of three capital letters, got " + kind(node));
                return fallback;
            }
            try {
                return Currency.getInstance(node.asText());
            } catch (IllegalArgumentException e) {
                problem(at, "unknown ISO 4217 currency code '" + node.asText() + "'");
                return fallback;
            }
        }

        private List<Dated<GpuRate>> gpuRates(JsonNode list, JsonPointer at) {
            Subjects<GpuRate> rates = new Subjects<>();
            for (Entry e : entries(list, at, Set.of("type", "provider", "hourly", EFFECTIVE_FROM))) {
                String type = name(e, "type");
                String provider = name(e, "provider");
                Money hourly = amount(e, "hourly");
                Long from = effectiveFrom(e);
                if (type != null && provider != null) {
                    rates.add(
                            e,
                            type + '\u0000' + provider,
                            "GPU rate for type " + type + " and provider " + provider,
                            from,
                            hourly == null ? null : new GpuRate(type, provider, hourly));
                }
            }
            return rates.accepted;
        }

        /**
         * Besides the entries' own checks, a model must not be assigned to a GPU before the GPU's first
         * rate: that would leave hours needing a rate without one.
         */
        private List<Dated<GpuAssignment>> gpuAssignments(JsonNode list, JsonPointer at, List<Dated<GpuRate>> rates) {
            Map<String, Long> firstRate = new HashMap<>();
            for (Dated<GpuRate> r : rates) {
                firstRate.merge(r.value().type() + '\u0000' + r.value().provider(), r.fromMillis(), Math::min);
            }
            Subjects<GpuAssignment> assignments = new Subjects<>();
            for (Entry e : entries(list, at, Set.of("model", "type", "provider", EFFECTIVE_FROM))) {
                String model = name(e, "model");
                String type = name(e, "type");
                String provider = name(e, "provider");
                Long from = effectiveFrom(e);
                if (model == null || type == null || provider == null) {
                    continue;
                }
                Long rateFrom = firstRate.get(type + '\u0000' + provider);
                GpuAssignment value = null;
                if (rateFrom == null) {
                    problem(
                            e.at.appendProperty("type"),
                            "model " + model + " is mapped to unknown GPU type " + type + " at provider " + provider
                                    + ": gpu.rates has no such entry");
                } else if (from != null && rateFrom > from) {
                    problem(
                            e.at.appendProperty("type"),
                            "model " + model + " is mapped to GPU type " + type + " at provider " + provider + " from "
                                    + instant(from) + " but gpu.rates prices it only from " + instant(rateFrom)
                                    + ": the hours in between would have no rate");
                } else {
                    value = new GpuAssignment(model, type, provider);
                }
                assignments.add(e, model, "GPU assignment for model " + model, from, value);
            }
            return assignments.accepted;
        }

        private List<Dated<TokenPrice>> tokenPrices(JsonNode list, JsonPointer at) {
            Subjects<TokenPrice> prices = new Subjects<>();
            for (Entry e : entries(list, at, Set.of("model", "input", "output", EFFECTIVE_FROM))) {
                String model = name(e, "model");
                Money input = amount(e, "input");
                Money output = amount(e, "output");
                Long from = effectiveFrom(e);
                if (model != null) {
                    prices.add(
                            e,
                            model,
                            "token price for model " + model,
                            from,
                            input == null || output == null ? null : new TokenPrice(model, input, output));
                }
            }
            return prices.accepted;
        }

        private List<Dated<UseCase>> useCases(JsonNode list, JsonPointer at) {
            Subjects<UseCase> useCases = new Subjects<>();
            for (Entry e : entries(list, at, Set.of("name", "value-per-inference", "monthly-budget", EFFECTIVE_FROM))) {
                String name = name(e, "name");
                Money value = amount(e, "value-per-inference");
                Money budget = amount(e, "monthly-budget");
                Long from = effectiveFrom(e);
                if (name != null) {
                    useCases.add(
                            e,
                            name,
                            "use case " + name,
                            from,
                            value == null || budget == null ? null : new UseCase(name, value, budget));
                }
            }
            return useCases.accepted;
        }

        /**
         * The entries of one list, checked per subject: each subject's entries in effective-from order,
         * at most one per instant (two without a date are plain duplicates).
         */
        private final class Subjects<T> {
            private record Seen(long from, String at) {}

            private final Map<String, Seen> last = new HashMap<>();
            final List<Dated<T>> accepted = new ArrayList<>();

            /** Adds an entry; {@code from} null or {@code value} null: already reported, not accepted. */
            void add(Entry e, String subject, String description, Long from, T value) {
                if (from == null) {
                    return;
                }
                long f = from;
                Seen previous = last.get(subject);
                if (previous != null && previous.from() == f) {
                    if (f == Long.MIN_VALUE) {
                        problem(e.at, "duplicate " + description + " (first at " + previous.at() + ")");
                    } else {
                        problem(
                                e.at.appendProperty(EFFECTIVE_FROM),
                                "duplicate " + description + " in force from " + instant(f) + " (first at "
                                        + previous.at() + "): two prices for one subject at the same instant");
                    }
                    return;
                }
                if (previous != null && previous.from() > f) {
                    problem(
                            f == Long.MIN_VALUE ? e.at : e.at.appendProperty(EFFECTIVE_FROM),
                            "entries out of order: " + description + " in force from " + instant(f)
                                    + " is listed after its entry in force from " + instant(previous.from()) + " (at "
                                    + previous.at() + "); list a subject's entries by effective-from, the one without"
                                    + " a date first");
                    return;
                }
                last.put(subject, new Seen(f, display(e.at)));
                if (value != null) {
                    accepted.add(new Dated<>(value, f));
                }
            }
        }

        /**
         * The optional {@code effective-from} of an entry: RFC 3339 date-time or a date (midnight UTC), on
         * a whole UTC hour since hours are priced whole; {@link Long#MIN_VALUE} when absent, null after
         * reporting why it is invalid.
         */
        private Long effectiveFrom(Entry e) {
            JsonNode node = e.node.get(EFFECTIVE_FROM);
            if (node == null) {
                return Long.MIN_VALUE;
            }
            JsonPointer at = e.at.appendProperty(EFFECTIVE_FROM);
            Instant instant = null;
            if (node.isTextual()) {
                String text = node.asText().trim();
                try {
                    instant = text.length() == 10
                            ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                            : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                                    .toInstant();
                } catch (DateTimeParseException ex) {
                    instant = null;
                }
            }
            if (instant == null) {
                problem(
                        at,
                        "must be an RFC 3339 date-time with offset (2026-01-20T00:00:00Z) or a date (2026-01-20),"
                                + " got " + kind(node));
                return null;
            }
            if (instant.toEpochMilli() % MILLIS_PER_HOUR != 0) {
                problem(at, "must be on a whole UTC hour (hours are priced whole), got " + instant);
                return null;
            }
            return instant.toEpochMilli();
        }

        private static String instant(long millis) {
            return millis == Long.MIN_VALUE
                    ? "the start"
                    : Instant.ofEpochMilli(millis).toString();
        }

        private record Entry(JsonNode node, JsonPointer at) {}

        /** The mapping entries of an optional list, reporting non-lists, non-mappings and unknown keys. */
        private List<Entry> entries(JsonNode list, JsonPointer at, Set<String> keys) {
            List<Entry> entries = new ArrayList<>();
            if (list == null || list.isNull()) {
                return entries;
            }
            if (!list.isArray()) {
                problem(at, "must be a list, got " + kind(list));
                return entries;
            }
            for (int i = 0; i < list.size(); i++) {
                JsonPointer entryAt = at.appendIndex(i);
                JsonNode node = list.get(i);
                if (!node.isObject()) {
                    problem(entryAt, "must be a mapping with keys " + sorted(keys) + ", got " + kind(node));
                    continue;
                }
                checkKeys(node, entryAt, keys);
                entries.add(new Entry(node, entryAt));
            }
            return entries;
        }

        private void checkKeys(JsonNode mapping, JsonPointer at, Set<String> allowed) {
            for (Iterator<String> it = mapping.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    problem(at.appendProperty(key), "unknown key '" + key + "' (allowed: " + sorted(allowed) + ")");
                }
            }
        }

        /** A required non-empty string field, or null after reporting why not. */
        private String name(Entry e, String field) {
            JsonNode node = required(e, field);
            if (node == null) {
                return null;
            }
            if (!node.isTextual() || node.asText().isBlank()) {
                problem(e.at.appendProperty(field), "must be a non-empty string, got " + kind(node));
                return null;
            }
            return node.asText();
        }

        /** A required amount field (a number >= 0 with at most 6 decimals), or null after reporting why not. */
        private Money amount(Entry e, String field) {
            JsonNode node = required(e, field);
            if (node == null) {
                return null;
            }
            JsonPointer at = e.at.appendProperty(field);
            if (!node.isNumber()) {
                problem(at, "must be a number, got " + kind(node));
                return null;
            }
            BigDecimal value;
            try {
                value = node.decimalValue();
            } catch (NumberFormatException ex) {
                problem(at, "must be a finite number, got " + node);
                return null;
            }
            if (value.signum() < 0) {
                problem(at, "must not be negative, got " + value.toPlainString());
                return null;
            }
            try {
                return Money.of(value);
            } catch (ArithmeticException ex) {
                problem(
                        at,
                        "must have at most " + Money.SCALE + " decimal places and be below "
                                + Long.MAX_VALUE / Money.MICROS_PER_UNIT + ", got " + value.toPlainString());
                return null;
            }
        }

        private JsonNode required(Entry e, String field) {
            JsonNode node = e.node.get(field);
            if (node == null || node.isNull()) {
                problem(node == null ? e.at : e.at.appendProperty(field), "missing required field '" + field + "'");
                return null;
            }
            return node;
        }

        private void problem(JsonPointer at, String message) {
            problems.add(new CatalogProblem(source, line(at), display(at), message));
        }

        /** Line of the node at {@code at}, or of its nearest ancestor with a known line. */
        private int line(JsonPointer at) {
            for (JsonPointer p = at; p != null; p = p.head()) {
                Integer line = lines.get(p.toString());
                if (line != null) {
                    return line;
                }
            }
            return 0;
        }

        /**
         * {@code /gpu/rates/0/hourly} as {@code gpu.rates[0].hourly}; the document tells list indices
         * from keys that look like numbers.
         */
        private String display(JsonPointer at) {
            StringBuilder sb = new StringBuilder();
            JsonNode node = root;
            for (JsonPointer p = at; p != null && !p.matches(); p = p.tail()) {
                if (node != null && node.isArray()) {
                    sb.append('[').append(p.getMatchingIndex()).append(']');
                    node = node.get(p.getMatchingIndex());
                } else {
                    if (sb.length() > 0) {
                        sb.append('.');
                    }
                    sb.append(p.getMatchingProperty());
                    node = node == null ? null : node.get(p.getMatchingProperty());
                }
            }
            return sb.toString();
        }

        private static String kind(JsonNode node) {
            if (node.isTextual()) {
                return "string '" + node.asText() + "'";
            }
            if (node.isObject()) {
                return "a mapping";
            }
            if (node.isArray()) {
                return "a list";
            }
            if (node.isNumber()) {
                return "number " + node.asText();
            }
            return node.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + node;
        }

        private static List<String> sorted(Set<String> keys) {
            return keys.stream().sorted().toList();
        }
    }
}
