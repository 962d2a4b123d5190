package io.driftwatch.drift.cli;

import io.driftwatch.drift.psi.Psi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsed arguments of {@code compare}.
 *
 * @param baseline baseline CSV
 * @param current current CSV
 * @param columns columns to compare; empty = every column of the baseline header
 * @param methods methods; empty = per column type (numeric: psi, ks, js, wasserstein; string: psi, chi2)
 * @param bins number of PSI/JS bins (≥ 2)
 * @param json JSON output instead of a table
 * @param failOnDrift exit with code 3 when any result is drifted
 */
public record CompareOptions(
    Path baseline, Path current, List<String> columns, List<DriftMethod> methods, int bins, boolean json,
    boolean failOnDrift) {

  public CompareOptions {
    columns = List.copyOf(columns);
    methods = List.copyOf(methods);
  }

  /** Parses the arguments that follow {@code compare}. */
  public static CompareOptions parse(List<String> args) throws CliException {
    Path baseline = null;
    Path current = null;
    List<String> columns = new ArrayList<>();
    List<DriftMethod> methods = new ArrayList<>();
    int bins = Psi.DEFAULT_BINS;
    boolean json = false;
    boolean failOnDrift = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--baseline":
          baseline = Path.of(valueOf(args, ++i, arg));
          break;
        case "--current":
          current = Path.of(valueOf(args, ++i, arg));
          break;
        case "--column":
          columns.add(valueOf(args, ++i, arg));
          break;
        case "--method":
          for (String name : valueOf(args, ++i, arg).split(",")) {
            DriftMethod m = DriftMethod.parse(name);
            if (!methods.contains(m)) {
              methods.add(m);
            }
          }
          break;
        case "--bins":
          String value = valueOf(args, ++i, arg);
          try {
            bins = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new CliException("--bins needs an integer, got '" + value + "'");
          }
          if (bins < 2) {
            throw new CliException("--bins must be at least 2, got " + bins);
          }
          break;
        case "--format":
          String format = valueOf(args, ++i, arg);
          if (format.equals("json")) {
            json = true;
          } else if (format.equals("table")) {
            json = false;
          } else {
            throw new CliException("--format must be json or table, got '" + format + "'");
          }
          break;
        case "--fail-on-drift":
          failOnDrift = true;
          break;
        default:
          throw new CliException("unknown argument '" + arg + "'");
      }
    }
    if (baseline == null || current == null) {
      throw new CliException("both --baseline and --current are required");
    }
    return new CompareOptions(baseline, current, columns, methods, bins, json, failOnDrift);
  }

  private static String valueOf(List<String> args, int i, String option) throws CliException {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new CliException(option + " needs a value");
    }
    return args.get(i);
  }
}
