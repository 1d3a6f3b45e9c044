package io.kubecanvas.apiserver;

import io.kubecanvas.emulator.docker.DockerCluster;
import io.kubecanvas.emulator.docker.DockerEngine;
import io.kubecanvas.emulator.docker.Labels;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Pods of the docker backend, real containers: {@code exec} runs the command in the Pod's app container
 * ({@code docker exec}, output sent when it ends; interactive stdin is not forwarded), {@code logs} is the
 * container's output ({@code docker logs}, followed with {@code -f}), {@code port-forward} a {@code nc} to
 * localhost in the Pod's network namespace.
 */
final class DockerPods implements PodRuntime {
    private final DockerCluster cluster;

    DockerPods(DockerCluster cluster) {
        this.cluster = cluster;
    }

    private String container(Pod pod, String container) {
        try {
            return cluster.podContainer(pod.namespace(), pod.name(), container);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    @Override
    public int exec(Pod pod, String container, List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr,
                    boolean tty) throws IOException {
        if (stdin != null) {
            stderr.write(("kubecanvas: the docker backend runs exec without input (stdin is not forwarded); run a command"
                    + " that needs none, such as kubectl exec " + pod.name() + " -- sh -c '...'\n").getBytes(StandardCharsets.UTF_8));
            return 126;
        }
        DockerEngine.ExecResult r = cluster.engine().exec(container(pod, container), command);
        stdout.write(r.stdout().getBytes(StandardCharsets.UTF_8));
        stderr.write(r.stderr().getBytes(StandardCharsets.UTF_8));
        return r.exitCode();
    }

    @Override
    public void logs(Pod pod, String container, LogOptions options, OutputStream out) throws IOException {
        BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        Closeable stream = cluster.engine().logs(container(pod, container), options.follow(), options.tailLines(), chunks::add);
        try {
            if (!options.follow()) {
                // docker-java signals the end by closing; wait for the whole log, then send it.
                if (stream instanceof com.github.dockerjava.api.async.ResultCallback<?> cb) {
                    try {
                        ((com.github.dockerjava.api.async.ResultCallback.Adapter<?>) cb).awaitCompletion(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                for (byte[] c = chunks.poll(); c != null; c = chunks.poll()) {
                    out.write(c);
                }
                out.flush();
                return;
            }
            while (true) {
                byte[] c = chunks.poll(1, TimeUnit.SECONDS);
                if (c != null) {
                    out.write(c);
                }
                out.flush(); // fails once kubectl is gone, which ends the follow
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.close();
        }
    }

    /**
     * As the kubelet does it: a connection to localhost:port inside the Pod's network namespace, here busybox
     * {@code nc} run in the Pod's sandbox container with the forwarded bytes as its input and its output sent
     * back. nc's "Connection refused" (and exit code) becomes the error kubectl prints.
     */
    @Override
    public String portForward(Pod pod, int port, InputStream fromClient, OutputStream toClient) {
        String sandbox = cluster.engine().containers(List.of(Labels.OWNED + "=true", Labels.CLUSTER + "=" + cluster.name(),
                        Labels.ROLE + "=" + Labels.ROLE_SANDBOX, Labels.POD + "=" + pod.namespace() + "/" + pod.name())).stream()
                .filter(DockerEngine.ContainerInfo::running).map(DockerEngine.ContainerInfo::id).findFirst().orElse(null);
        if (sandbox == null) {
            return "error forwarding port " + port + " to pod " + pod.name() + ": the Pod has no running sandbox container";
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = cluster.engine().execAttached(sandbox, List.of("busybox", "nc", "127.0.0.1", String.valueOf(port)),
                fromClient, toClient, err);
        String why = err.toString(StandardCharsets.UTF_8).strip();
        if (code == 0) {
            return null;
        }
        return "error forwarding port " + port + " to pod " + pod.name() + ", uid " + pod.uid() + ": failed to connect to localhost:"
                + port + " inside the Pod: " + (why.toLowerCase(java.util.Locale.ROOT).contains("refused") ? "connection refused"
                : why.isEmpty() ? "nc exited " + code : why);
    }
}
