package io.driftwatch.drift.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A CSV file read whole: header row plus records, RFC 4180 — fields separated by commas, records
 * by LF or CRLF, a field in double quotes may contain commas, line breaks and doubled quotes
 * ({@code ""}). Every record must have as many fields as the header. UTF-8; blank lines are skipped.
 *
 * <p>The bytes are kept as read and each field is kept as its offsets: a value becomes a String only when
 * asked for, and {@link #number} parses a number from the bytes (a million-row column is read in a few
 * hundred milliseconds, not seconds).
 */
public final class CsvTable {

    private final Path file;
    private final List<String> header;
    private final byte[] data;
    private final int columns;
    /** Per field (record-major): its first byte; a quoted field's content start is stored as −(start + 1). */
    private final int[] starts;

    private final int[] ends;
    private final int[] lines;
    private final int size;

    private CsvTable(Path file, List<String> header, byte[] data, int[] starts, int[] ends, int[] lines, int size) {
        this.file = file;
        this.header = List.copyOf(header);
        this.data = data;
        this.columns = header.size();
        this.starts = starts;
        this.ends = ends;
        this.lines = lines;
        this.size = size;
    }

    /** Reads {@code file}; errors name the file and line. */
    public static CsvTable read(Path file) throws CliException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException("file not found: " + file);
        } catch (OutOfMemoryError e) {
            throw new CliException("cannot read " + file + ": too large for memory (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(file, bytes);
    }

    static CsvTable parse(Path file, String text) throws CliException {
        return parse(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static CsvTable parse(Path file, byte[] data) throws CliException {
        int n = data.length;
        int i = n >= 3 && data[0] == (byte) 0xEF && data[1] == (byte) 0xBB && data[2] == (byte) 0xBF ? 3 : 0;
        IntList starts = new IntList();
        IntList ends = new IntList();
        IntList lines = new IntList();
        int columns = -1;
        int fields = 0;
        int line = 1;
        int recordLine = 1;
        while (true) {
            int start;
            int end;
            boolean quoted = i < n && data[i] == '"';
            if (quoted) {
                start = ++i;
                while (true) {
                    if (i >= n) {
                        throw new CliException(file + " line " + recordLine + ": unterminated quoted field");
                    }
                    byte b = data[i];
                    if (b == '"') {
                        if (i + 1 < n && data[i + 1] == '"') {
                            i += 2;
                            continue;
                        }
                        end = i++;
                        break;
                    }
                    if (b == '\n') {
                        line++;
                    }
                    i++;
                }
                if (i < n && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
                    throw new CliException(file + " line " + line + ": text after a closing quote");
                }
            } else {
                start = i;
                while (i < n) {
                    byte b = data[i];
                    if (b == ',' || b == '\n' || b == '\r') {
                        break;
                    }
                    if (b == '"') {
                        throw new CliException(file + " line " + line + ": quote inside an unquoted field");
                    }
                    i++;
                }
                end = i;
            }
            starts.add(quoted ? -(start + 1) : start);
            ends.add(end);
            fields++;
            if (i < n && data[i] == ',') {
                i++;
                continue;
            }
            boolean eof = i >= n;
            if (!eof) {
                i += data[i] == '\r' && i + 1 < n && data[i + 1] == '\n' ? 2 : 1;
            }
            if (fields == 1 && !quoted && start == end) {
                starts.removeLast(); // a blank line
                ends.removeLast();
            } else {
                if (columns < 0) {
                    columns = fields;
                } else if (fields != columns) {
                    throw new CliException(file + " line " + recordLine + ": expected " + columns
                            + " fields as in the header, found " + fields);
                }
                lines.add(recordLine);
            }
            fields = 0;
            if (eof) {
                break;
            }
            line++;
            recordLine = line;
        }
        if (columns < 0) {
            throw new CliException(file + ": empty file, expected a header row");
        }
        List<String> header = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            header.add(decode(data, starts.at(c), ends.at(c)));
        }
        int size = lines.size() - 1;
        return new CsvTable(
                file,
                header,
                data,
                Arrays.copyOfRange(starts.values, columns, starts.size),
                Arrays.copyOfRange(ends.values, columns, ends.size),
                Arrays.copyOfRange(lines.values, 1, lines.size),
                size);
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
        return size;
    }

    /** Index of the named column in the header, or −1. */
    public int columnIndex(String name) {
        return header.indexOf(name);
    }

    /** Field {@code column} of data record {@code row} (both 0-based). */
    public String value(int row, int column) {
        int f = row * columns + column;
        return decode(data, starts[f], ends[f]);
    }

    /** Physical line (1-based) where data record {@code row} starts. */
    public int line(int row) {
        return lines[row];
    }

    /**
     * Whether the field is a missing value: empty or blank, or {@code NA}, {@code null} or {@code NaN} (any
     * case, surrounding blanks ignored).
     */
    public boolean isMissing(int row, int column) {
        int f = row * columns + column;
        int s = starts[f] < 0 ? -starts[f] - 1 : starts[f];
        int e = ends[f];
        while (s < e && isBlank(data[s])) {
            s++;
        }
        while (e > s && isBlank(data[e - 1])) {
            e--;
        }
        int len = e - s;
        return len == 0
                || (len == 2 && lower(data[s]) == 'n' && lower(data[s + 1]) == 'a')
                || (len == 3 && lower(data[s]) == 'n' && lower(data[s + 1]) == 'a' && lower(data[s + 2]) == 'n')
                || (len == 4
                        && lower(data[s]) == 'n'
                        && lower(data[s + 1]) == 'u'
                        && lower(data[s + 2]) == 'l'
                        && lower(data[s + 3]) == 'l');
    }

    /**
     * The field as a finite decimal number ({@code [+-]digits[.digits][e[+-]digits]}, surrounding blanks
     * ignored), or NaN when it is not one (text, NaN, Infinity, hexadecimal, overflow).
     */
    public double number(int row, int column) {
        int f = row * columns + column;
        if (starts[f] < 0) {
            return FastDoubles.parse(value(row, column));
        }
        return FastDoubles.parse(data, starts[f], ends[f]);
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    private static int lower(byte b) {
        return b | 0x20;
    }

    private static String decode(byte[] data, int start, int end) {
        if (start >= 0) {
            return new String(data, start, end - start, StandardCharsets.UTF_8);
        }
        int s = -start - 1;
        return new String(data, s, end - s, StandardCharsets.UTF_8).replace("\"\"", "\"");
    }

    /** A growable int array. */
    private static final class IntList {
        int[] values = new int[1024];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = v;
        }

        void removeLast() {
            size--;
        }

        int at(int index) {
            return values[index];
        }

        int size() {
            return size;
        }
    }
}
