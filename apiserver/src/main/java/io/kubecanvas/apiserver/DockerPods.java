package io.kubecanvas.apiserver;

import io.kubecanvas.emulator.docker.DockerCluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** The Pods of the docker backend: real containers, so exec, logs and port-forward are the real thing. */
final class DockerPods implements PodRuntime {
    private final DockerCluster cluster;

    DockerPods(DockerCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public int exec(Pod pod, String container, List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr,
                    boolean tty) throws IOException {
        var r = cluster.execInPod(pod.namespace(), pod.name(), command);
        stdout.write(r.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stderr.write(r.stderr().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return r.exitCode();
    }

    @Override
    public void logs(Pod pod, String container, LogOptions options, OutputStream out) throws IOException {
        throw ApiException.badRequest("logs on the docker backend are not implemented yet");
    }

    @Override
    public Connection connect(Pod pod, int port) {
        throw ApiException.badRequest("port-forward on the docker backend is not implemented yet");
    }
}
