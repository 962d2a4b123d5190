package io.driftwatch.cost.catalog;

import java.util.Objects;

/**
 * One thing wrong with a price catalog file.
 *
 * @param source the file (or other source name) the catalog was read from
 * @param line 1-based line of the offending entry, or 0 when unknown
 * @param path key path inside the document, e.g. {@code gpu.rates[2].hourly}; empty for the document
 * @param message what is wrong
 */
public record CatalogProblem(String source, int line, String path, String message) {
    public CatalogProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code source:line: path: message}, leaving out the unknown parts. */
    @Override
    public String toString() {
        return source + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
