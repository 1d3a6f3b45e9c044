package io.kubecanvas.netviz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tells whether a Docker engine answers here, without failing when there is none: the socket must exist
 * and {@code docker info} must answer within a few seconds.
 */
public final class DockerEngineProbe {
    private DockerEngineProbe() {
    }

    /** Null when an engine answers, otherwise the sentence to show the user. */
    public static String unavailableReason() {
        String host = System.getenv("DOCKER_HOST");
        if ((host == null || host.startsWith("unix://")) && !Files.exists(Path.of(host == null ? "/var/run/docker.sock"
                : host.substring("unix://".length())))) {
            return "No Docker engine is reachable (no socket at /var/run/docker.sock). Start Docker, or keep the sim backend.";
        }
        try {
            Process p = new ProcessBuilder("docker", "info", "--format", "{{.ServerVersion}}")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "The Docker engine does not answer (docker info timed out). Keep the sim backend.";
            }
            if (p.exitValue() != 0) {
                return "The Docker engine is not reachable (docker info failed). Start it, or keep the sim backend.";
            }
            return null;
        } catch (java.io.IOException e) {
            return "The docker command is not installed here. Keep the sim backend.";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Interrupted while looking for a Docker engine.";
        }
    }
}
