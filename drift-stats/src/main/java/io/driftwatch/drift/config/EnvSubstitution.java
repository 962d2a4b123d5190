package io.driftwatch.drift.config;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces environment-variable references in configuration values, so that secrets need not be
 * written into the file: {@code ${NAME}} is the variable's value and an error when it is not set;
 * {@code ${NAME:-default}} is the value, or {@code default} when the variable is unset or empty (as
 * in the POSIX shell); <code>$${</code> is a literal <code>${</code>. Any other {@code $} is kept as is.
 */
public final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> env;

    /** @param env the variables: returns the value of a name, or null when it is not set */
    public EnvSubstitution(Function<String, String> env) {
        this.env = env;
    }

    /** The process environment. */
    public static EnvSubstitution system() {
        return new EnvSubstitution(System::getenv);
    }

    /**
     * {@code text} with every reference replaced.
     *
     * @throws IllegalArgumentException naming the first unset variable or malformed reference
     */
    public String apply(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated '${' in \"" + text + "\"");
                }
                out.append(resolve(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private String resolve(String reference) {
        int sep = reference.indexOf(":-");
        String name = sep < 0 ? reference : reference.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'${" + reference + "}' is not a variable reference" + " (use ${NAME} or ${NAME:-default})");
        }
        String value = env.apply(name);
        if (sep >= 0) {
            return value == null || value.isEmpty() ? reference.substring(sep + 2) : value;
        }
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name
                    + " is not set (set it, or give a default: ${" + name + ":-default})");
        }
        return value;
    }
}
