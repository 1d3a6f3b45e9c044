package io.kubecanvas.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CdsTrainingCommandTest {

    private static final Path SAMPLE = Path.of("src/main/resources/io/kubecanvas/app/ui/samples/complete.yaml");
    private static final Path KINDS = Path.of("src/main/resources/io/kubecanvas/app/cli/cds-training.yaml");

    @Test
    void theLaunchersTrainingRunsTheSampleThroughAnUpsPathAndAsksNoDockerEngine() {
        // the launcher's own arguments (kubecanvas: cds-training SAMPLE KINDS)
        CliRun r = CliRun.of("cds-training", SAMPLE.toString(), KINDS.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out(), "the training prints nothing");
        // its Docker requests go to a socket that is not there: nothing on this machine is asked to do anything
        assertTrue(CdsTrainingCommand.NO_ENGINE.startsWith("unix://"));
        assertFalse(Files.exists(Path.of(CdsTrainingCommand.NO_ENGINE.substring("unix://".length()))));
    }

    @Test
    void aSampleThatDoesNotLoadFailsTheTrainingSoTheLauncherKeepsNoArchive(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "kind: Pod\nmetadata: {name: [\n");
        CliRun r = CliRun.of("cds-training", broken.toString());
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("broken.yaml"), r.err());
    }

    @Test
    void itIsNotListedAmongTheCommands() {
        assertFalse(CliRun.of("--help").out().contains("cds-training"));
    }
}
