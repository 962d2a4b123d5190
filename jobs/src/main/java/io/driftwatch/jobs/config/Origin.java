package io.driftwatch.jobs.config;

/**
 * Where a configuration value came from, to prefix problem messages with it.
 *
 * @param kind the layer
 * @param source file name as given, or the {@code --set} argument with secret values masked
 * @param line 1-based line in the file, 0 when unknown
 * @param column 1-based column in the file, 0 when unknown
 * @param overridePath for {@link Kind#OVERRIDE}, the key the argument sets
 * @param order for {@link Kind#OVERRIDE}, the argument's position among the overrides
 */
record Origin(Kind kind, String source, int line, int column, String overridePath, int order) {

    /** The configuration layers, from the least to the most specific. */
    enum Kind {
        BUILT_IN,
        FILE,
        OVERRIDE,
        COMMAND_LINE
    }

    static final Origin BUILT_IN = new Origin(Kind.BUILT_IN, "", 0, 0, null, 0);
    static final Origin COMMAND_LINE = new Origin(Kind.COMMAND_LINE, "", 0, 0, null, 0);

    static Origin file(String name, int line, int column) {
        return new Origin(Kind.FILE, name, line, column, null, 0);
    }

    static Origin override(int order, String argument, String path) {
        return new Origin(Kind.OVERRIDE, "--set " + argument, 0, 0, path, order);
    }

    /**
     * One problem line: {@code file:line:column: path: message}, {@code --set k=v: message} (the path
     * is left out when it is the one the argument sets), or {@code path: message}.
     */
    String format(String path, String message) {
        String where = switch (kind) {
            case FILE -> line > 0 ? source + ":" + line + ":" + column + ": " : source + ": ";
            case OVERRIDE -> source + ": ";
            case BUILT_IN, COMMAND_LINE -> "";
        };
        boolean pathShown = path != null && !(kind == Kind.OVERRIDE && path.equals(overridePath));
        return where + (pathShown ? path + ": " : "") + message;
    }

    /** Sort rank: command line, the file by position, the overrides in order, built-in defaults. */
    int rank() {
        return switch (kind) {
            case COMMAND_LINE -> 0;
            case FILE -> 1;
            case OVERRIDE -> 2;
            case BUILT_IN -> 3;
        };
    }
}
