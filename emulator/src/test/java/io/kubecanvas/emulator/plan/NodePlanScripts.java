package io.kubecanvas.emulator.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a rendered node script back in tests. */
public final class NodePlanScripts {
    private NodePlanScripts() {
    }

    /** The text a heredoc of the script writes to {@code path}. */
    public static String written(String script, String path) {
        int at = script.indexOf("cat > " + path + " <<'KUBECANVAS_EOF'\n");
        assertTrue(at >= 0, "the script writes " + path);
        int start = script.indexOf('\n', at) + 1;
        return script.substring(start, script.indexOf("KUBECANVAS_EOF\n", start));
    }
}
