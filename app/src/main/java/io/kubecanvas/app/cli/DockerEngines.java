package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.docker.DockerJavaEngine;

/** A Docker engine if one answers here, for the commands that also work without one (ls, down). */
final class DockerEngines {
    private DockerEngines() {
    }

    /** A connected engine that answered a ping, or null when there is none. */
    static DockerJavaEngine reachable() {
        DockerJavaEngine e = null;
        try {
            e = DockerJavaEngine.connect();
            e.ping();
            return e;
        } catch (RuntimeException x) {
            if (e != null) {
                e.close();
            }
            return null;
        }
    }
}
