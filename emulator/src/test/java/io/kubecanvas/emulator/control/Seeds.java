package io.kubecanvas.emulator.control;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test designs: the shared seed examples (found as model's TestFiles finds them) and inline YAML. */
final class Seeds {
    private Seeds() {
    }

    static Path shared() {
        String p = System.getProperty("kubecanvas.shared");
        Path path = p != null ? Path.of(p) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(path)) {
            path = Path.of("../../shared");
        }
        return path.toAbsolutePath().normalize();
    }

    static Design seed(String file) {
        DesignIO.LoadResult r = DesignIO.load(shared().resolve("examples/seed").resolve(file));
        if (!r.ok()) {
            throw new AssertionError(r.errors());
        }
        return r.design();
    }

    static Design yaml(String text) {
        try {
            return DesignIO.parse("test.yaml", text);
        } catch (YamlException e) {
            throw new AssertionError(e);
        }
    }
}
