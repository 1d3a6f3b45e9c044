package io.kubecanvas.app.cli;

import io.kubecanvas.model.DesignIO;
import io.kubecanvas.remote.ApplyingCrudServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** diff, apply and import as a user types them, against fabric8's mock API server (CRUD mode, with server-side apply). */
class ClusterCommandsTest {
    @TempDir
    Path dir;
    static ApplyingCrudServer server;
    String kubeconfig;

    @BeforeAll
    static void startServer() {
        server = new ApplyingCrudServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void start() throws Exception {
        server.reset();
        kubeconfig = server.kubeconfig(dir).toString();
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = kubeconfig;
        return CliRun.of(all);
    }

    @Test
    void diffApplyDiffThenImportAsAUserWould() throws Exception {
        String complete = CliRun.seed("complete.yaml").toString();
        CliRun diff = run("diff", complete, "--context", "mock");
        assertEquals(1, diff.exit(), diff.err());
        assertTrue(diff.out().contains("+++ merged/apps.v1.Deployment.default.web-deployment"), diff.out());
        assertTrue(diff.out().contains("+    kubecanvas.io/design: complete\n"), diff.out());

        CliRun dry = run("apply", complete, "--context", "mock", "--dry-run=server");
        assertEquals(0, dry.exit(), dry.err());
        assertEquals("deployment.apps/web-deployment (default) created (server dry run)\n"
                + "service/web-service (default) created (server dry run)\n"
                + "ingress.networking.k8s.io/web-ingress (default) created (server dry run)\n", dry.out());
        assertEquals(1, run("diff", complete, "--context", "mock").exit(), "a dry run changes nothing");

        CliRun apply = run("apply", complete, "--context", "mock");
        assertEquals(0, apply.exit(), apply.err());
        assertEquals("deployment.apps/web-deployment (default) created\nservice/web-service (default) created\n"
                + "ingress.networking.k8s.io/web-ingress (default) created\n", apply.out());
        CliRun same = run("diff", complete, "--context", "mock");
        assertEquals(0, same.exit(), same.out() + same.err());
        assertEquals("", same.out());

        Path out = dir.resolve("imported.yaml");
        CliRun imported = run("import", "--context", "mock", "-o", out.toString());
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().startsWith("imported 3 object(s) and 3 node(s) from context 'mock' ("), imported.out());
        assertTrue(imported.out().endsWith("open it: kubecanvas " + out + "\n"), imported.out());
        DesignIO.LoadResult back = DesignIO.load(out);
        assertTrue(back.ok(), back.errors().toString());
        DesignIO.LoadResult original = DesignIO.load(CliRun.seed("complete.yaml"));
        for (var o : original.design().objects()) {
            var i = back.design().find(o.key());
            assertTrue(i != null && i.sameContent(o), o.key() + " imported as " + (i == null ? "nothing" : i.text()));
        }
        // And the imported design diffs to nothing against the cluster it came from.
        CliRun again = run("diff", out.toString(), "--context", "mock", "--design-name", "complete");
        assertEquals(0, again.exit(), again.out() + again.err());

        assertEquals(2, run("import", "--context", "mock", "-o", out.toString()).exit(), "an existing file is not replaced");
    }

    @Test
    void pruneRemovesWhatTheDesignNoLongerHas() throws Exception {
        Path design = dir.resolve("shop.yaml");
        Files.writeString(design, Files.readString(CliRun.seed("complete.yaml")));
        assertEquals(0, run("apply", design.toString(), "--context", "mock").exit());
        String text = Files.readString(design);
        Files.writeString(design, text.substring(0, text.indexOf("---\napiVersion: networking.k8s.io/v1")));
        CliRun diff = run("diff", design.toString(), "--context", "mock", "--prune");
        assertEquals(1, diff.exit());
        assertTrue(diff.out().contains("--- live/networking.k8s.io.v1.Ingress.default.web-ingress\n+++ /dev/null\n"), diff.out());
        CliRun apply = run("apply", design.toString(), "--context", "mock", "--prune");
        assertEquals(0, apply.exit(), apply.err());
        assertTrue(apply.out().endsWith("ingress.networking.k8s.io/web-ingress (default) pruned\n"), apply.out());
        assertEquals(0, run("diff", design.toString(), "--context", "mock", "--prune").exit());
    }

    @Test
    void badInputAndAMissingContextSayWhatToDo() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n");
        CliRun bad = run("apply", broken.toString(), "--context", "mock");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith(broken + ":4:"), bad.err());
        assertTrue(bad.err().contains("nothing sent to the cluster"), bad.err());

        CliRun noContext = run("apply", CliRun.seed("pod.yaml").toString());
        assertEquals(2, noContext.exit());
        assertTrue(noContext.err().contains("apply needs --context CTX"), noContext.err());

        CliRun unknown = run("diff", CliRun.seed("pod.yaml").toString(), "--context", "prod");
        assertEquals(2, unknown.exit());
        assertEquals("kubecanvas diff: no context 'prod' in the kubeconfig " + kubeconfig + "; its contexts: mock\n", unknown.err());

        CliRun clientDry = run("apply", CliRun.seed("pod.yaml").toString(), "--context", "mock", "--dry-run=client");
        assertEquals(2, clientDry.exit());
        assertTrue(clientDry.err().contains("--dry-run must be server or none"), clientDry.err());
    }

    @Test
    void theTokenIsNeverPrinted() throws Exception {
        ApplyingCrudServer gone = new ApplyingCrudServer();
        kubeconfig = gone.kubeconfig(dir).toString();
        gone.close(); // now nothing answers
        CliRun down = run("diff", CliRun.seed("pod.yaml").toString(), "--context", "mock");
        assertEquals(2, down.exit());
        assertTrue(down.err().contains("cannot reach the API server " + gone.url()), down.err());
        assertFalse((down.out() + down.err()).contains(ApplyingCrudServer.TOKEN));
    }
}
