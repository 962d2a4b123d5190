package io.driftwatch.drift.cli;

/** A user-facing error of the command line: bad arguments or bad input files (exit code 2). */
public final class CliException extends Exception {

    public CliException(String message) {
        super(message);
    }
}
