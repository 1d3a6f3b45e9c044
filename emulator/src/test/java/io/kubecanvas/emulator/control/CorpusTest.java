package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every manifest of the shared seed examples and corpus runs on the control plane. */
class CorpusTest {

    @Test
    void everySharedManifestRuns() throws IOException {
        List<Path> files;
        try (Stream<Path> a = Files.walk(Seeds.shared().resolve("examples/seed")); Stream<Path> b = Files.walk(Seeds.shared().resolve("corpus"))) {
            files = Stream.concat(a, b).filter(Files::isRegularFile).filter(DesignIO::isManifestName).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            DesignIO.LoadResult r = DesignIO.load(f);
            if (!r.ok()) {
                continue; // unreadable on purpose (the corpus has broken files); the reader's tests cover them
            }
            ControlPlane cp = ControlPlane.start(r.design(), 1);
            ClusterState s = cp.state();
            assertNotNull(s.service("kube-system", "kube-dns"), f.toString());
            for (Rejection rej : cp.rejections()) {
                assertTrue(rej.position().line() > 0, f + ": " + rej);
                System.out.println("refused: " + rej);
            }
            for (ClusterState.PodState p : s.pods()) {
                if (p.ip() == null) {
                    System.out.println(f.getFileName() + ": pending " + p.key() + ": " + cp.pendingReason(p.namespace(), p.name()));
                }
            }
        }
    }
}
