package io.driftwatch.devstack.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The arguments of the cluster runner ({@code ./driftwatch.sh cluster [REST_PORT]}) and of VictoriaMetricsServer. */
class MainArgumentsTest {

    private static <T> T parse(CommandLine commandLine, String... args) {
        commandLine.parseArgs(args);
        return commandLine.getCommand();
    }

    @Test
    void clusterTakesTheClasspathFileTheWorkDirectoryAndAnOptionalRestPort() {
        FlinkStandaloneCluster.Options defaults = parse(
                FlinkStandaloneCluster.commandLine(System.out, System.err),
                "flink-cluster/target/flink-classpath.txt",
                "target/flink-cluster");
        assertEquals(Path.of("flink-cluster/target/flink-classpath.txt"), defaults.classpathFile);
        assertEquals(Path.of("target/flink-cluster"), defaults.workDir);
        assertEquals(8081, defaults.restPort);
        FlinkStandaloneCluster.Options any =
                parse(FlinkStandaloneCluster.commandLine(System.out, System.err), "cp.txt", "work", "0");
        assertEquals(0, any.restPort);
    }

    @Test
    void victoriaMetricsTakesAnOptionalPortAndDataDirectory() {
        VictoriaMetricsServer.Options defaults = parse(VictoriaMetricsServer.commandLine(System.out, System.err));
        assertEquals(8428, defaults.port);
        assertNull(defaults.dataDir);
        VictoriaMetricsServer.Options given =
                parse(VictoriaMetricsServer.commandLine(System.out, System.err), "9428", "vm-data");
        assertEquals(9428, given.port);
        assertEquals(Path.of("vm-data"), given.dataDir);
    }
}
