package io.driftwatch.devstack.servers;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the child processes the local runner, tests and benchmarks start. */
final class LocalProcesses {

    private LocalProcesses() {}

    /** SIGTERM, then SIGKILL if {@code process} has not exited after {@code grace}. */
    static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Unregisters {@code hook}; while the JVM is shutting down it cannot be, and runs anyway. */
    static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook stops the processes
        }
    }
}
