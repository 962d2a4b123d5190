package io.driftwatch.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Writes the effective configuration tree as YAML, secrets masked. */
final class EffectiveYaml {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private EffectiveYaml() {}

    /** {@code effective} as YAML, with every non-empty value at one of {@code secretPaths} replaced by {@value Secret#MASK}. */
    static String render(ObjectNode effective, Set<String> secretPaths) {
        ObjectNode masked = effective.deepCopy();
        mask(masked, "", secretPaths);
        try {
            return YAML.writeValueAsString(masked);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // cannot happen: a tree of plain nodes always serialises
        }
    }

    private static void mask(JsonNode node, String path, Set<String> secretPaths) {
        if (node instanceof ObjectNode map) {
            List<String> names = new ArrayList<>();
            map.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = KeyPaths.child(path, name);
                if (secretPaths.contains(child) && !map.get(name).asText().isEmpty()) {
                    map.put(name, Secret.MASK);
                } else {
                    mask(map.get(name), child, secretPaths);
                }
            }
        } else if (node instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                mask(list.get(i), KeyPaths.item(path, i), secretPaths);
            }
        }
    }
}
