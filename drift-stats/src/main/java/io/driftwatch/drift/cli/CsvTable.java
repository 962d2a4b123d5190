package io.driftwatch.drift.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file read whole: header row plus records, RFC 4180 — fields separated by commas, records
 * by LF or CRLF, a field in double quotes may contain commas, line breaks and doubled quotes
 * ({@code ""}). Every record must have as many fields as the header. UTF-8.
 */
public final class CsvTable {

    private final Path file;
    private final List<String> header;
    private final List<String[]> rows;
    private final List<Integer> lines;

    private CsvTable(Path file, List<String> header, List<String[]> rows, List<Integer> lines) {
        this.file = file;
        this.header = List.copyOf(header);
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads {@code file}; errors name the file and line. */
    public static CsvTable read(Path file) throws CliException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("file not found: " + file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(file, text);
    }

    static CsvTable parse(Path file, String text) throws CliException {
        List<String[]> records = new ArrayList<>();
        List<Integer> startLines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int i = 0;
        if (text.startsWith("\uFEFF")) {
            i = 1;
        }
        for (; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
            } else if (ch == '"') {
                if (field.length() > 0 || fieldWasQuoted) {
                    throw new CliException(file + " line " + line + ": quote inside an unquoted field");
                }
                quoted = true;
                fieldWasQuoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
                if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
                    records.add(fields.toArray(new String[0]));
                    startLines.add(recordLine);
                }
                fields.clear();
                line++;
                recordLine = line;
            } else {
                if (fieldWasQuoted) {
                    throw new CliException(file + " line " + line + ": text after a closing quote");
                }
                field.append(ch);
            }
        }
        if (quoted) {
            throw new CliException(file + " line " + recordLine + ": unterminated quoted field");
        }
        if (field.length() > 0 || fieldWasQuoted || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(fields.toArray(new String[0]));
            startLines.add(recordLine);
        }
        if (records.isEmpty()) {
            throw new CliException(file + ": empty file, expected a header row");
        }
        List<String> header = List.of(records.get(0));
        for (int r = 1; r < records.size(); r++) {
            if (records.get(r).length != header.size()) {
                throw new CliException(file + " line " + startLines.get(r) + ": expected " + header.size()
                        + " fields as in the header, found " + records.get(r).length);
            }
        }
        return new CsvTable(file, header, records.subList(1, records.size()), startLines.subList(1, startLines.size()));
    }

    public Path file() {
        return file;
    }

    public List<String> header() {
        return header;
    }

    public boolean hasColumn(String name) {
        return header.contains(name);
    }

    /** Number of data records. */
    public int size() {
        return rows.size();
    }

    /** Index of the named column in the header, or −1. */
    public int columnIndex(String name) {
        return header.indexOf(name);
    }

    /** Field {@code column} of data record {@code row} (both 0-based). */
    public String value(int row, int column) {
        return rows.get(row)[column];
    }

    /** Physical line (1-based) where data record {@code row} starts. */
    public int line(int row) {
        return lines.get(row);
    }
}
