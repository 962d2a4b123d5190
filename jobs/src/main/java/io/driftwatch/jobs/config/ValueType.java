package io.driftwatch.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.driftwatch.drift.config.ConfigValues;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a scalar configuration value is read from its text and written back.
 *
 * @param noun the type with its article, for "expected ..." messages
 * @param parser text to value; throws IllegalArgumentException with the message to report
 * @param format value to the text that {@code parser} reads back (for the key reference)
 * @param render value to the node of the effective configuration
 */
record ValueType<T>(String noun, Function<String, T> parser, Function<T, String> format, Function<T, JsonNode> render) {

    static final ValueType<String> STRING =
            new ValueType<>("a string", s -> s, s -> s.isEmpty() ? "\"\"" : s, TextNode::valueOf);

    static final ValueType<Boolean> BOOLEAN =
            new ValueType<>("a boolean", ValueType::parseBoolean, String::valueOf, BooleanNode::valueOf);

    static final ValueType<Integer> INTEGER =
            new ValueType<>("an integer", ValueType::parseInt, String::valueOf, IntNode::valueOf);

    static final ValueType<Double> NUMBER =
            new ValueType<>("a number", ValueType::parseDouble, String::valueOf, DoubleNode::valueOf);

    static final ValueType<Duration> DURATION = new ValueType<>(
            "a duration", Durations::parse, Durations::format, d -> TextNode.valueOf(Durations.format(d)));

    /** A duration, or {@code off} (YAML reads an unquoted off as false; both mean off): zero. */
    static final ValueType<Duration> DURATION_OR_OFF = new ValueType<>(
            "a duration or off",
            s -> s.strip().equalsIgnoreCase("off") || s.strip().equalsIgnoreCase("false")
                    ? Duration.ZERO
                    : Durations.parse(s),
            d -> d.isZero() ? "off" : Durations.format(d),
            d -> TextNode.valueOf(d.isZero() ? "off" : Durations.format(d)));

    static final ValueType<Long> BYTE_SIZE =
            new ValueType<>("a size", ByteSizes::parse, ByteSizes::format, b -> TextNode.valueOf(ByteSizes.format(b)));

    static final ValueType<Instant> INSTANT = new ValueType<>(
            "an instant", ValueType::parseInstant, Instant::toString, i -> TextNode.valueOf(i.toString()));

    /** A string that must be one of {@code allowed}, compared ignoring case and returned as listed. */
    static ValueType<String> oneOf(List<String> allowed) {
        return new ValueType<>(
                "one of " + String.join(", ", allowed),
                s -> ConfigValues.parseOneOf(s, allowed),
                s -> s,
                TextNode::valueOf);
    }

    /** An enum constant, written as its lower-case name. */
    static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        List<String> names =
                Arrays.stream(type.getEnumConstants()).map(ValueType::name).toList();
        ValueType<String> text = oneOf(names);
        return new ValueType<>(
                text.noun(),
                s -> Enum.valueOf(
                        type, text.parser().apply(s).toUpperCase(Locale.ROOT).replace('-', '_')),
                ValueType::name,
                e -> TextNode.valueOf(name(e)));
    }

    /** The configuration spelling of a constant: HOUR_OF_WEEK is {@code hour-of-week}. */
    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static boolean parseBoolean(String s) {
        return switch (s.strip()) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            default -> throw new IllegalArgumentException(quote(s) + " is not a boolean (use true or false)");
        };
    }

    private static int parseInt(String s) {
        return ConfigValues.parseInteger(s);
    }

    private static double parseDouble(String s) {
        return ConfigValues.parseNumber(s);
    }

    private static Instant parseInstant(String s) {
        try {
            return Instant.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    quote(s) + " is not an ISO-8601 instant in UTC" + " (use e.g. 2000-01-01T00:00:00Z)");
        }
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }
}
