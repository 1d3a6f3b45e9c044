package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every manifest of the seed examples and both corpora (the repository's and the shared one) runs on the control plane. */
class CorpusTest {

    @Test
    void everySharedManifestRuns() throws IOException {
        List<Path> files = Seeds.manifests();
        assertTrue(files.size() > 100, "expected the seed examples and both corpora, found " + files.size());
        for (Path f : files) {
            DesignIO.LoadResult r = DesignIO.load(f);
            if (!r.ok()) {
                // Only the peers' fixtures are broken on purpose (the reader's tests cover them).
                assertTrue(Seeds.isPeerFixture(f), () -> f + " does not read: " + r.errors());
                continue;
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
