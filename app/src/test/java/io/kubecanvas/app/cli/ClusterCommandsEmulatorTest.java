package io.kubecanvas.app.cli;

import io.kubecanvas.apiserver.ApiServer;
import io.kubecanvas.apiserver.Credentials;
import io.kubecanvas.apiserver.EmulatedCluster;
import io.kubecanvas.apiserver.Kubeconfig;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kubecanvas diff}, {@code apply} (server dry run, server-side apply, prune) and {@code import} with
 * {@code --context kubecanvas-NAME} against the emulator's own API server (a sim cluster running pod.yaml), as
 * {@code kubecanvas up} serves it: what each command prints, and what changed in the running cluster's design
 * and control plane. {@link ClusterCommandsTest} runs the same commands against fabric8's mock server.
 */
class ClusterCommandsEmulatorTest {
    @TempDir
    Path dir;
    EmulatedCluster cluster;
    ApiServer api;
    String kubeconfig;
    static final String CONTEXT = Kubeconfig.contextName("emu");

    @BeforeEach
    void start() throws Exception {
        cluster = EmulatedCluster.sim("emu", DesignIO.load(CliRun.seed("pod.yaml")).design());
        Credentials creds = Credentials.generate("emu");
        api = ApiServer.start(cluster, creds, 0);
        Path kc = dir.resolve("kubeconfig");
        Files.writeString(kc, Kubeconfig.render("emu", api.url(), creds, true));
        kubeconfig = kc.toString();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = kubeconfig;
        return CliRun.of(all);
    }

    private static final ObjectKey DEPLOYMENT = new ObjectKey("Deployment", "default", "web-deployment");
    private static final ObjectKey SERVICE = new ObjectKey("Service", "default", "web-service");
    private static final ObjectKey INGRESS = new ObjectKey("Ingress", "default", "web-ingress");

    private List<ClusterState.PodState> webPods() {
        return cluster.controlPlane().state().pods().stream().filter(p -> p.name().startsWith("web-deployment-")).toList();
    }

    @Test
    void diffApplyDiffThenImportChangeTheRunningCluster() throws Exception {
        String complete = CliRun.seed("complete.yaml").toString();
        CliRun diff = run("diff", complete, "--context", CONTEXT);
        assertEquals(1, diff.exit(), diff.out() + diff.err());
        assertTrue(diff.out().contains("+++ merged/apps.v1.Deployment.default.web-deployment"), diff.out());
        assertTrue(diff.out().contains("+    kubecanvas.io/design: complete\n"), diff.out());

        CliRun dry = run("apply", complete, "--context", CONTEXT, "--dry-run=server");
        assertEquals(0, dry.exit(), dry.err());
        assertEquals("deployment.apps/web-deployment (default) created (server dry run)\n"
                + "service/web-service (default) created (server dry run)\n"
                + "ingress.networking.k8s.io/web-ingress (default) created (server dry run)\n", dry.out());
        assertNull(cluster.design().find(DEPLOYMENT), "a server dry run leaves the design as it was");
        assertTrue(webPods().isEmpty(), "and the control plane: no Pods of web-deployment");

        CliRun apply = run("apply", complete, "--context", CONTEXT);
        assertEquals(0, apply.exit(), apply.err());
        assertEquals("deployment.apps/web-deployment (default) created\nservice/web-service (default) created\n"
                + "ingress.networking.k8s.io/web-ingress (default) created\n", apply.out());
        KubeObject deployment = cluster.design().find(DEPLOYMENT);
        assertNotNull(deployment, "the Deployment is in the running cluster's design");
        assertEquals("complete", ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) deployment.tree().get("metadata")).get("labels"))
                .get("kubecanvas.io/design"));
        assertNotNull(cluster.design().find(SERVICE));
        assertNotNull(cluster.design().find(INGRESS));
        assertEquals(2, webPods().size(), "the control plane runs the Deployment's two replicas");
        assertTrue(cluster.controlPlane().state().services().stream().anyMatch(s -> s.name().equals("web-service")),
                "and the Service");
        assertNotNull(cluster.design().find(new ObjectKey("Pod", "default", "web-app")), "the cluster's own Pod stays");

        CliRun same = run("diff", complete, "--context", CONTEXT);
        assertEquals(0, same.exit(), "after apply the design and the emulated cluster agree:\n" + same.out() + same.err());
        assertEquals("", same.out());

        Path out = dir.resolve("imported.yaml");
        CliRun imported = run("import", "--context", CONTEXT, "-o", out.toString());
        assertEquals(0, imported.exit(), imported.err());
        DesignIO.LoadResult back = DesignIO.load(out);
        assertTrue(back.ok(), back.errors().toString());
        DesignIO.LoadResult original = DesignIO.load(CliRun.seed("complete.yaml"));
        for (KubeObject o : original.design().objects()) {
            KubeObject i = back.design().find(o.key());
            assertNotNull(i, o.key() + " is imported");
            assertEquals(o.kind(), i.kind());
        }
        assertNotNull(back.design().find(new ObjectKey("Pod", "default", "web-app")), "the cluster's own Pod is imported");
        assertTrue(back.design().objects().stream().noneMatch(o -> o.name() != null && o.name().startsWith("web-deployment-")),
                "what controllers made (ReplicaSets, their Pods) is not: " + back.design().objects().stream().map(KubeObject::key).toList());
        assertTrue(imported.out().startsWith("imported " + back.design().objects().size() + " object(s) and "
                + cluster.design().cluster().nodes().size() + " node(s) from context '" + CONTEXT + "' ("), imported.out());
        // The imported design diffs to nothing against the cluster it came from, but for the label that would now
        // mark the cluster's own Pod (it came from pod.yaml, not from the design named complete).
        CliRun again = run("diff", out.toString(), "--context", CONTEXT, "--design-name", "complete");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.out().startsWith("diff -u -N live/v1.Pod.default.web-app merged/v1.Pod.default.web-app\n"), again.out());
        assertEquals(1, again.out().split("\ndiff -u", -1).length, "only the Pod differs:\n" + again.out());
        assertTrue(again.out().contains("+  labels:\n+    kubecanvas.io/design: complete\n"), again.out());
    }

    @Test
    void pruneRemovesWhatTheDesignNoLongerHasFromTheControlPlane() throws Exception {
        Path design = dir.resolve("complete.yaml");
        Files.writeString(design, Files.readString(CliRun.seed("complete.yaml")));
        assertEquals(0, run("apply", design.toString(), "--context", CONTEXT).exit());
        assertFalse(cluster.controlPlane().state().ingresses().isEmpty(), "the Ingress runs");
        String text = Files.readString(design);
        Files.writeString(design, text.substring(0, text.indexOf("---\napiVersion: networking.k8s.io/v1")));
        CliRun diff = run("diff", design.toString(), "--context", CONTEXT, "--prune");
        assertEquals(1, diff.exit(), diff.err());
        assertTrue(diff.out().contains("--- live/networking.k8s.io.v1.Ingress.default.web-ingress\n+++ /dev/null\n"), diff.out());
        CliRun apply = run("apply", design.toString(), "--context", CONTEXT, "--prune");
        assertEquals(0, apply.exit(), apply.err());
        assertTrue(apply.out().endsWith("ingress.networking.k8s.io/web-ingress (default) pruned\n"), apply.out());
        assertNull(cluster.design().find(INGRESS), "the Ingress left the running cluster's design");
        assertTrue(cluster.controlPlane().state().ingresses().isEmpty(), "and the control plane");
        assertNotNull(cluster.design().find(DEPLOYMENT));
        assertNotNull(cluster.design().find(new ObjectKey("Pod", "default", "web-app")), "prune keeps what another design made");
        assertEquals(0, run("diff", design.toString(), "--context", CONTEXT, "--prune").exit());
    }
}
