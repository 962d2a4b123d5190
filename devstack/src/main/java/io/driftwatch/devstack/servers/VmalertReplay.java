package io.driftwatch.devstack.servers;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code vmalert} (package victoria-metrics, {@value #DEFAULT_BINARY}) in replay mode:
 * evaluates a rule file's groups over a past time range against a VictoriaMetrics ({@code
 * -datasource.url}) and writes the recording rules' results back to it ({@code -remoteWrite.url}),
 * then exits. Chained rules (one reading another's series) need the earlier rule's samples stored
 * before the next is evaluated: the writer flushes every second and each rule waits {@value
 * #RULES_DELAY} ({@code -replay.rulesDelay}, which vmalert's help asks to keep above the flush
 * interval).
 */
public final class VmalertReplay {

    public static final Path DEFAULT_BINARY = Path.of("/usr/bin/vmalert");
    static final String RULES_DELAY = "3s";

    private VmalertReplay() {}

    /**
     * Replays {@code rules} over {@code [from, to]} (whole seconds, RFC 3339) against {@code vm}.
     *
     * @return vmalert's log
     * @throws IOException when vmalert is missing, exits non-zero (with its log's end), or takes longer
     *     than {@code timeout} (then it is stopped)
     */
    public static String run(Path binary, Path rules, URI vm, Instant from, Instant to, Duration timeout)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(binary)) {
            throw new IOException(
                    binary + " is not installed (Debian package victoria-metrics, as .ci/run installs it)");
        }
        Path log = Files.createTempFile("driftwatch-vmalert-replay", ".log");
        List<String> command = List.of(
                binary.toString(),
                "-rule=" + rules.toAbsolutePath(),
                "-datasource.url=" + vm,
                "-remoteWrite.url=" + vm,
                "-remoteWrite.flushInterval=1s",
                "-replay.timeFrom=" + from.truncatedTo(ChronoUnit.SECONDS),
                "-replay.timeTo=" + to.truncatedTo(ChronoUnit.SECONDS),
                "-replay.rulesDelay=" + RULES_DELAY,
                "-replay.disableProgressBar");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("vmalert replay did not finish within " + timeout + ": "
                        + String.join(" ", command) + "\n" + tail(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("vmalert replay failed (exit " + process.exitValue() + "): "
                        + String.join(" ", command) + "\n" + tail(log));
            }
            return output;
        } finally {
            if (process.isAlive()) {
                LocalProcesses.stop(process, Duration.ofSeconds(5));
            }
            Files.deleteIfExists(log);
        }
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 4000));
    }
}
