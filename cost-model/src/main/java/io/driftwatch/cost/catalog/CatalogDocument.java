package io.driftwatch.cost.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A catalog document (the YAML of a catalog file) with its version.
 *
 * <p>The version is a content hash, so the same document always has the same version wherever it is
 * read (file, topic, re-publication): the first 12 hex digits (48 bits) of the SHA-256 of its UTF-8
 * bytes. Two documents that differ in any byte, whitespace and comments included, have different
 * versions.
 *
 * @param version the content hash, 12 lower-case hex digits
 * @param text the document as published
 * @param catalog the validated catalog
 */
public record CatalogDocument(String version, String text, PriceCatalog catalog) {

    /** Hex digits of the version. */
    public static final int VERSION_DIGITS = 12;

    public CatalogDocument {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Validates a document ({@link CatalogReader#parse}). A blank document is refused: on a topic it
     * would silently unprice everything.
     *
     * @param source where the text came from, named in every problem
     */
    public static CatalogDocument parse(String text, String source) throws CatalogException {
        if (text == null || text.isBlank()) {
            throw new CatalogException(
                    List.of(new CatalogProblem(source, 0, "", "empty document: a catalog needs at least one section")));
        }
        return new CatalogDocument(versionOf(text), text, new CatalogReader().parse(text, source));
    }

    /** The version of {@code text}, see the class comment. */
    public static String versionOf(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, VERSION_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
