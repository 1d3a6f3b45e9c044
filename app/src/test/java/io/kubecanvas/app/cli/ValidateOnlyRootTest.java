package io.kubecanvas.app.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kubecanvas validate} builds only its own command; what a user sees is what the full command tree shows. */
class ValidateOnlyRootTest {

    @Test
    void helpAndUsageErrorsReadAsFromTheFullCommandTree() {
        String[] quick = run("validate", "--help");
        String[] full = run("help", "validate");
        assertEquals("0", quick[0]);
        assertEquals(full[1], quick[1], "validate --help prints what help validate prints");
        assertTrue(quick[1].startsWith("Usage: kubecanvas validate"), quick[1]);

        String[] bad = run("validate", "--no-such-option");
        assertEquals("2", bad[0]);
        assertTrue(bad[2].startsWith("Unknown option: '--no-such-option'") && bad[2].contains("Usage: kubecanvas validate"), bad[2]);
    }

    /** Exit status, output and error output. */
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = KubecanvasCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[]{String.valueOf(rc), out.toString(), err.toString()};
    }
}
