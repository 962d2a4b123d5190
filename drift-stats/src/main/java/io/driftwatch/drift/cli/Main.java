package io.driftwatch.drift.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Offline drift comparison of two CSV files:
 *
 * <pre>
 * java -jar drift-stats.jar compare --baseline A.csv --current B.csv [--column NAME ...]
 *     [--method psi,ks,js,wasserstein,chi2] [--bins N] [--format json|table] [--fail-on-drift]
 * </pre>
 *
 * <p>Prints one result per column and method (see {@link ColumnComparator} for types, defaults
 * and decision thresholds). Exit codes: 0 = ran (whether or not drift was found); 3 = ran and
 * found drift with {@code --fail-on-drift}; 2 = usage or input error (missing file, missing or
 * empty column, non-numeric value for a numeric-only method, malformed CSV), with a message on
 * standard error naming the file, column and line; 1 = internal error.
 */
public final class Main {

  public static final int OK = 0;
  public static final int INTERNAL_ERROR = 1;
  public static final int INPUT_ERROR = 2;
  public static final int DRIFT_FOUND = 3;

  static final String USAGE = "usage: drift-stats compare --baseline A.csv --current B.csv [--column NAME ...]"
      + " [--method psi,ks,js,wasserstein,chi2] [--bins N] [--format json|table] [--fail-on-drift]";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line and returns its exit code (used by {@link #main} and tests). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      if (args.length == 0 || !args[0].equals("compare")) {
        throw new CliException(args.length == 0 ? "no command given" : "unknown command '" + args[0] + "'");
      }
      CompareOptions options = CompareOptions.parse(Arrays.asList(args).subList(1, args.length));
      CsvTable baseline = CsvTable.read(options.baseline());
      CsvTable current = CsvTable.read(options.current());
      List<String> columns = options.columns().isEmpty() ? baseline.header() : options.columns();
      ColumnComparator comparator = new ColumnComparator(baseline, current, options.bins());
      List<MethodResult> results = new ArrayList<>();
      for (String column : columns) {
        results.addAll(comparator.compare(column, options.methods()));
      }
      out.print(options.json()
          ? ResultFormatter.json(options.baseline().toString(), options.current().toString(), results) + "\n"
          : ResultFormatter.table(results));
      out.flush();
      boolean drifted = results.stream().anyMatch(r -> Boolean.TRUE.equals(r.drifted()));
      return options.failOnDrift() && drifted ? DRIFT_FOUND : OK;
    } catch (CliException e) {
      err.println("drift-stats: " + e.getMessage());
      err.println(USAGE);
      return INPUT_ERROR;
    } catch (RuntimeException e) {
      err.println("drift-stats: internal error: " + e);
      return INTERNAL_ERROR;
    }
  }
}
