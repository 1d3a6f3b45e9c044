package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up the command line starts runs beside a real validation without changing its findings. */
class ValidatorWarmUpTest {

    @Test
    void validationsBesideTheWarmUpFindWhatTheyFindAlone() throws Exception {
        Design design = DesignIO.parse("mixed.yaml", GeneratedManifests.yaml(300, 9));
        List<String> alone = described(new DesignValidator().validate(design));
        assertFalse(alone.isEmpty(), "the generated manifests carry mistakes");
        for (int i = 0; i < 5; i++) {
            DesignValidator.prepareInBackground();
            assertEquals(alone, described(new DesignValidator().validate(design)));
        }
        boolean running = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("validator-warm-up")).allMatch(Thread::isDaemon);
        assertTrue(running, "the warm-up never keeps a process alive");
    }

    /** Everything a finding says (its quick fix is a function, compared by title). */
    private static List<String> described(List<Finding> findings) {
        return findings.stream().map(f -> f.rule() + " " + f.severity() + " " + f.position() + " " + f.subject() + " "
                + f.path() + " " + f.message() + " " + (f.fix() == null ? "" : f.fix().title())).toList();
    }
}
