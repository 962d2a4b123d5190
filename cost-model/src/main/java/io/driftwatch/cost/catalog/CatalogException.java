package io.driftwatch.cost.catalog;

import java.util.List;

/** A price catalog could not be read or is invalid; {@link #problems()} lists every problem found. */
public final class CatalogException extends Exception {

    private final List<CatalogProblem> problems;

    public CatalogException(List<CatalogProblem> problems) {
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a CatalogException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in document order. */
    public List<CatalogProblem> problems() {
        return problems;
    }

    private static String message(List<CatalogProblem> problems) {
        StringBuilder sb = new StringBuilder("invalid price catalog (")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem)" : " problems)");
        for (CatalogProblem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
