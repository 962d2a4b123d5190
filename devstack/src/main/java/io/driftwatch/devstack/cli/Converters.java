package io.driftwatch.devstack.cli;

import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.jobs.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Type converters of the devstack command lines ({@code @Option(converter = ...)}). Their messages
 * follow picocli's "Invalid value for option '--days': ", e.g. {@code "3x" is not a duration (use e.g.
 * 90s, 15m, 24h, 30d or ISO-8601 PT24H)} or {@code must be positive, got 0s}.
 */
public final class Converters {

    private Converters() {}

    /** A duration as the job's configuration writes it ({@link Durations}): 500ms, 90s, 15m, 24h, 35d, 1h30m, PT24H. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parse(Durations::parse, value);
        }
    }

    /** A {@link DurationConverter duration} greater than zero: a length or an interval. */
    public static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = parse(Durations::parse, value);
            if (d.isZero()) {
                throw new TypeConversionException("must be positive, got " + Durations.format(d));
            }
            return d;
        }
    }

    /** An int of at least 1. */
    public static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = parse(Integer::valueOf, value, "an int");
            if (n < 1) {
                throw new TypeConversionException("must be at least 1, got " + n);
            }
            return n;
        }
    }

    /** A long of at least 1. */
    public static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long n = parse(Long::valueOf, value, "a long");
            if (n < 1) {
                throw new TypeConversionException("must be at least 1, got " + n);
            }
            return n;
        }
    }

    /** A finite double of at least 0. */
    public static final class NonNegativeDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double x = parse(Double::valueOf, value, "a number");
            if (!(x >= 0) || Double.isInfinite(x)) {
                throw new TypeConversionException("must be a number >= 0, got '" + value + "'");
            }
            return x;
        }
    }

    /** A probability, in [0, 1]. */
    public static final class Probability implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double p = parse(Double::valueOf, value, "a number");
            if (!(p >= 0 && p <= 1)) {
                throw new TypeConversionException("must be in [0, 1], got '" + value + "'");
            }
            return p;
        }
    }

    /** A TCP port, 0 (any free port) to 65535. */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port = parse(Integer::valueOf, value, "an int");
            if (port < 0 || port > 65_535) {
                throw new TypeConversionException("must be a port, 0 to 65535, got " + port);
            }
            return port;
        }
    }

    /** An absolute http(s) address with a host, e.g. {@code http://otel-collector:4318}. */
    public static final class HttpUri implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            URI uri;
            try {
                uri = new URI(value.strip());
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + value + "' is not a URL: " + e.getReason());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new TypeConversionException("must be an http(s)://host:port address, got '" + value + "'");
            }
            return uri;
        }
    }

    /** An OTLP Kafka encoding, {@code otlp_proto} or {@code otlp_json}. */
    public static final class Encoding implements ITypeConverter<OtlpEncoding> {
        @Override
        public OtlpEncoding convert(String value) {
            return parse(OtlpEncoding::parse, value);
        }
    }

    /** {@code parser}'s value, its IllegalArgumentException's message (which quotes the value) as the error. */
    private static <T> T parse(Function<String, T> parser, String value) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static <T> T parse(Function<String, T> parser, String value, String what) {
        try {
            return parser.apply(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not " + what);
        }
    }
}
