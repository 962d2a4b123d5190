package io.driftwatch.drift.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input of {@code drift-stats profile}, as cells per column: a CSV file with a header row ({@link
 * CsvTable}), or JSON Lines — one JSON object per line, blank lines skipped, its keys the columns (in
 * first-seen order). The format is told by the first non-blank character: {@code '{'} is JSON Lines.
 * A JSON cell is its number's or string's text, {@code true}/{@code false}, or null (JSON null or an
 * absent key: missing); an object or array is an error naming the line and key.
 */
final class ProfileInput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, List<String>> columns;
    private final List<Integer> lines;

    private ProfileInput(Path file, Map<String, List<String>> columns, List<Integer> lines) {
        this.file = file;
        this.columns = columns;
        this.lines = lines;
    }

    static ProfileInput read(Path file) throws CliException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            do {
                c = in.read();
            } while (c == '\uFEFF' || (c >= 0 && Character.isWhitespace(c)));
            if (c != '{') {
                return fromCsv(CsvTable.read(file));
            }
        } catch (NoSuchFileException e) {
            throw new CliException("file not found: " + file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        return jsonLines(file);
    }

    private static ProfileInput fromCsv(CsvTable t) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        List<Integer> lines = new ArrayList<>(t.size());
        for (int r = 0; r < t.size(); r++) {
            lines.add(t.line(r));
        }
        for (int c = 0; c < t.header().size(); c++) {
            List<String> cells = new ArrayList<>(t.size());
            for (int r = 0; r < t.size(); r++) {
                cells.add(t.value(r, c));
            }
            columns.putIfAbsent(t.header().get(c), cells);
        }
        return new ProfileInput(t.file(), columns, lines);
    }

    private static ProfileInput jsonLines(Path file) throws CliException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        List<Integer> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                JsonNode row;
                try {
                    row = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new CliException(file + " line " + line + ": not JSON: " + e.getOriginalMessage());
                }
                if (row == null || !row.isObject()) {
                    throw new CliException(file + " line " + line + ": expected a JSON object per line");
                }
                int row0 = lines.size();
                lines.add(line);
                for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    List<String> cells = columns.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                    while (cells.size() < row0) {
                        cells.add(null); // absent from the earlier lines
                    }
                    cells.add(cell(file, line, e.getKey(), e.getValue()));
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        for (List<String> cells : columns.values()) {
            while (cells.size() < lines.size()) {
                cells.add(null);
            }
        }
        if (lines.isEmpty()) {
            throw new CliException(file + ": no JSON lines");
        }
        return new ProfileInput(file, columns, lines);
    }

    private static String cell(Path file, int line, String key, JsonNode v) throws CliException {
        if (v.isNull()) {
            return null;
        }
        if (v.isContainerNode()) {
            throw new CliException(file + " line " + line + ": key '" + key + "' holds a JSON "
                    + (v.isArray() ? "array" : "object") + ", expected a number, string or boolean");
        }
        return v.asText();
    }

    Path file() {
        return file;
    }

    /** The columns in file order. */
    List<String> names() {
        return List.copyOf(columns.keySet());
    }

    /** Column {@code name}'s cells (null: absent), or null when there is no such column. */
    List<String> cells(String name) {
        return columns.get(name);
    }

    /** Where row {@code row} (0-based) is: {@code FILE line N}. */
    String where(int row) {
        return file + " line " + lines.get(row);
    }
}
