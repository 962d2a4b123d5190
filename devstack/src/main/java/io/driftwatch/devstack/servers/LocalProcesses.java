package io.driftwatch.devstack.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Starting and stopping the child processes the local runner, tests and benchmarks start. */
final class LocalProcesses {

    private LocalProcesses() {}

    /** A port free on the loopback address now, for the server started next (tests touch loopback only). */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Polls {@code uri} until {@code ready} accepts its answer. Fails at once, with the last lines of {@code
     * logFile}, if {@code process} exits, and after {@code timeout}.
     *
     * @param name the server's name in messages, e.g. "Prometheus"
     */
    static void awaitHttp(
            HttpClient http,
            Process process,
            String name,
            URI uri,
            Predicate<HttpResponse<String>> ready,
            Duration timeout,
            Path logFile)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException(name + " exited with code " + process.exitValue() + " during start-up (" + uri
                            + "); last log lines:\n" + LocalFiles.tail(logFile, 20));
                }
                try {
                    if (ready.test(http.send(request, HttpResponse.BodyHandlers.ofString()))) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + name + " to start", e);
        }
        throw new IOException(name + " not ready at " + uri + " within " + timeout + "; last log lines:\n"
                + LocalFiles.tail(logFile, 20));
    }

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
