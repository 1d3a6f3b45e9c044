package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    /** The default cluster (control plane + 2 workers) running the objects of {@code yaml}. */
    static Design design(String yaml) {
        return design(Cluster.defaults(), yaml);
    }

    static Design design(Cluster cluster, String yaml) {
        return Design.of(cluster, yaml(yaml).objects());
    }

    static Cluster cluster(Cluster.NodeSpec... nodes) {
        return new Cluster("test", List.of(nodes), Cluster.NetworkSettings.defaults(), Cluster.Layout.EMPTY);
    }

    static Cluster.NodeSpec worker(String name, Map<String, String> labels, List<Cluster.Taint> taints,
                                   Map<String, String> capacity) {
        return new Cluster.NodeSpec(name, Cluster.NodeSpec.WORKER, labels, taints, capacity);
    }

    /** The user's Pods (kube-system left out). */
    static List<ClusterState.PodState> userPods(ClusterState s) {
        return s.pods().stream().filter(p -> !p.namespace().equals("kube-system")).toList();
    }

    static List<ClusterState.PodState> podsOf(ClusterState s, String ownerHead) {
        return s.pods().stream().filter(p -> ownerHead.equals(p.owner())).toList();
    }

    static String deployment(String name, int replicas, String extraSpec) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  replicas: %d
                  selector:
                    matchLabels:
                      app: %s
                  template:
                    metadata:
                      labels:
                        app: %s
                    spec:
                %s      containers:
                        - name: main
                          image: nginx
                          ports:
                            - containerPort: 80
                              name: http
                """.formatted(name, replicas, name, name, extraSpec.isEmpty() ? "" : extraSpec.indent(6));
    }
}
