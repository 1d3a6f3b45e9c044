package io.kubecanvas.emulator.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a rendered node script back in tests. */
public final class NodePlanScripts {
    private NodePlanScripts() {
    }

    /**
     * The text the script writes to {@code path}: a here-document ({@code cat > PATH <<'KUBECANVAS_EOF'}) or one
     * single-quoted line ({@code printf '%s\n' 'TEXT' > PATH}, the CNI configs), read back as the shell would.
     */
    public static String written(String script, String path) {
        int at = script.indexOf("cat > " + path + " <<'KUBECANVAS_EOF'\n");
        if (at >= 0) {
            int start = script.indexOf('\n', at) + 1;
            return script.substring(start, script.indexOf("KUBECANVAS_EOF\n", start));
        }
        int end = script.indexOf("' > " + path + "\n");
        assertTrue(end >= 0, "the script writes " + path);
        int start = script.lastIndexOf("\nprintf '%s\\n' '", end);
        assertTrue(start >= 0, "the script writes " + path + " with printf");
        String quoted = script.substring(start + "\nprintf '%s\\n' '".length(), end);
        return quoted.replace("'\\''", "'") + "\n";
    }
}
