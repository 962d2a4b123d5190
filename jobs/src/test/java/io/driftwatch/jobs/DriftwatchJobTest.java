package io.driftwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.jobs.config.DriftwatchConfig;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class DriftwatchJobTest {

    private static Configuration cluster(String storage, String dir) {
        Configuration c = new Configuration();
        if (storage != null) {
            c.set(CheckpointingOptions.CHECKPOINT_STORAGE, storage);
        }
        if (dir != null) {
            c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        }
        return c;
    }

    @Test
    void warnsWhenDriftStateWouldGoToTheJobManagersMemory() {
        DriftwatchConfig drift = DriftwatchConfig.load(null, List.of());
        String warning = DriftwatchJob.checkpointStorageWarning(drift, cluster(null, null))
                .orElseThrow();
        assertTrue(warning.contains("flink.checkpoint-dir"), warning);
        assertTrue(DriftwatchJob.checkpointStorageWarning(drift, cluster("jobmanager", null))
                .isPresent());
    }

    @Test
    void quietWithAFileSystemStorageOrWithoutDrift() {
        DriftwatchConfig drift = DriftwatchConfig.load(null, List.of());
        assertEquals(Optional.empty(), DriftwatchJob.checkpointStorageWarning(drift, cluster(null, "file:///cp")));
        assertEquals(Optional.empty(), DriftwatchJob.checkpointStorageWarning(drift, cluster("filesystem", null)));
        // flink.checkpoint-dir ends up in the job's configuration
        DriftwatchConfig withDir = DriftwatchConfig.load(null, List.of("flink.checkpoint-dir=file:///cp"));
        assertEquals(
                Optional.empty(),
                DriftwatchJob.checkpointStorageWarning(withDir, DriftwatchJob.flinkConfiguration(withDir)));
        DriftwatchConfig noDrift = DriftwatchConfig.load(null, List.of("drift.enabled=false"));
        assertEquals(Optional.empty(), DriftwatchJob.checkpointStorageWarning(noDrift, cluster(null, null)));
    }
}
