package io.driftwatch.jobs.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.driftwatch.drift.config.EnvSubstitution;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a YAML document into a Jackson tree, recording the line and column of every key and list
 * item in {@link Origins} (Jackson's own tree keeps no locations).
 *
 * <p>Every scalar is kept as its source text ({@link TextNode}), or {@link NullNode} for YAML null,
 * so the binder decides how to read it: {@code no} stays the string "no" for a name and is not a
 * boolean, {@code 1.10} keeps its trailing zero. Environment references are substituted in scalars.
 */
final class YamlTreeReader {

    /**
     * The largest document read, in code points (and, for files, bytes: see {@link ConfigLoader}); a
     * configuration is a few kilobytes.
     */
    static final int MAX_CODE_POINTS = 1 << 20;

    /** The deepest nesting of mappings and lists; Driftwatch's own keys go 4 deep. */
    static final int MAX_DEPTH = 64;

    /** The parser's own limits, so that no document can make it hang, overflow the stack or fill the heap. */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            // The builder starts without it, unlike new YAMLFactory(): "key:" must stay null, not "".
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_CODE_POINTS)
                    .build())
            .build();

    private static final Pattern MARK = Pattern.compile("\\bline (\\d+), column (\\d+):");

    private final String sourceName;
    private final EnvSubstitution env;
    private final Origins origins;
    private final Problems problems;
    /** Aliases are reported once, at the first, with the number of the others. */
    private Origin firstAlias;

    private String firstAliasPath;
    private String firstAliasName;
    private int aliases;

    private YamlTreeReader(String sourceName, EnvSubstitution env, Origins origins, Problems problems) {
        this.sourceName = sourceName;
        this.env = env;
        this.origins = origins;
        this.problems = problems;
    }

    /**
     * Parses {@code yaml}. Problems (syntax, a top level that is not a mapping, duplicate keys, unset
     * environment variables) go to {@code problems}.
     *
     * @return the top-level mapping, empty for an empty document; null when the YAML is unreadable
     */
    static ObjectNode read(String sourceName, String yaml, EnvSubstitution env, Origins origins, Problems problems) {
        return new YamlTreeReader(sourceName, env, origins, problems).read(yaml);
    }

    private ObjectNode read(String yaml) {
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (first != JsonToken.START_OBJECT) {
                problems.add(
                        at(p.currentTokenLocation()),
                        null,
                        "the top level must be a mapping of keys to values, not " + describe(first));
                return null;
            }
            ObjectNode root = (ObjectNode) value(p, "");
            reportAliases();
            if (p.nextToken() != null) {
                problems.add(
                        at(p.currentTokenLocation()), null, "a second YAML document: the file must hold exactly one");
            }
            return root;
        } catch (JsonProcessingException e) {
            problems.add(syntaxErrorAt(e), null, "invalid YAML: " + syntaxMessage(e));
            return null;
        } catch (IOException e) {
            problems.add(Origin.file(sourceName, 0, 0), null, "cannot read: " + e.getMessage());
            return null;
        }
    }

    /** Reads the value starting at the current token, whose path is {@code path}. */
    private JsonNode value(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode map = JsonNodeFactory.instance.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String childPath = KeyPaths.child(path, key);
                    Origin origin = at(p.currentTokenLocation());
                    p.nextToken();
                    if (map.has(key)) {
                        problems.add(
                                origin,
                                childPath,
                                "duplicate key (first given at line "
                                        + origins.exact(childPath).line() + ")");
                        p.skipChildren();
                        continue;
                    }
                    origins.put(childPath, origin);
                    map.set(key, value(p, childPath));
                }
                return map;
            }
            case START_ARRAY -> {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String itemPath = KeyPaths.item(path, list.size());
                    origins.put(itemPath, at(p.currentTokenLocation()));
                    list.add(value(p, itemPath));
                }
                return list;
            }
            case VALUE_NULL -> {
                return NullNode.getInstance();
            }
            default -> {
                if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
                    // Jackson does not resolve aliases (so no alias bomb expands): it would hand us the
                    // anchor's name as the value.
                    if (aliases++ == 0) {
                        firstAlias = at(p.currentTokenLocation());
                        firstAliasPath = path;
                        firstAliasName = p.getText();
                    }
                    return NullNode.getInstance();
                }
                try {
                    return TextNode.valueOf(env.apply(p.getText()));
                } catch (IllegalArgumentException e) {
                    problems.add(at(p.currentTokenLocation()), path, e.getMessage());
                    return NullNode.getInstance();
                }
            }
        }
    }

    private void reportAliases() {
        if (aliases > 0) {
            problems.add(
                    firstAlias,
                    firstAliasPath,
                    "YAML aliases (*" + firstAliasName + ") are not supported: write the value out"
                            + (aliases == 1 ? "" : " (" + (aliases - 1) + " more aliases in the file ignored)"));
        }
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_CODE_POINTS);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setMaxAliasesForCollections(0);
        return o;
    }

    private Origin at(JsonLocation location) {
        return location == null
                ? Origin.file(sourceName, 0, 0)
                : Origin.file(sourceName, location.getLineNr(), location.getColumnNr());
    }

    private static String describe(JsonToken t) {
        return t == JsonToken.START_ARRAY ? "a list" : "a single value";
    }

    /**
     * The position of the problem itself: SnakeYAML's message gives it last (after the position of the
     * construct in which it occurred), while Jackson's location can be the parser's, further back.
     */
    private Origin syntaxErrorAt(JsonProcessingException e) {
        Matcher m = MARK.matcher(e.getOriginalMessage());
        Origin origin = at(e.getLocation());
        while (m.find()) {
            origin = Origin.file(sourceName, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return origin;
    }

    /**
     * SnakeYAML's message has its context and problem on unindented lines, each followed by indented
     * lines of position and source excerpt, which the location already gives: keep the former only.
     */
    private static String syntaxMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage()
                .lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining(": "));
        return message.isEmpty() ? "syntax error" : message;
    }
}
