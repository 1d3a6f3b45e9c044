package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test designs: the shared seed examples (found as model's TestFiles finds them) and inline YAML. */
final class Seeds {
    private Seeds() {
    }

    /** The repository's root (set by Surefire; a module's tests run in the module's folder). */
    static Path root() {
        String p = System.getProperty("kubecanvas.root");
        return (p != null ? Path.of(p) : Path.of("..")).toAbsolutePath().normalize();
    }

    static Path shared() {
        String p = System.getProperty("kubecanvas.shared");
        return (p != null ? Path.of(p) : root().resolve("../shared")).toAbsolutePath().normalize();
    }

    /**
     * The seed examples, the corpus collected into the repository (corpus/, which must be there) and the shared
     * corpus: every manifest file, sorted within each folder.
     */
    static List<Path> manifests() throws IOException {
        Path collected = root().resolve("corpus");
        if (!Files.isDirectory(collected)) {
            throw new AssertionError("the repository's corpus is missing: " + collected + " (corpus/collect.sh re-collects it)");
        }
        List<Path> out = new ArrayList<>();
        for (Path r : List.of(shared().resolve("examples/seed"), collected, shared().resolve("corpus"))) {
            if (Files.isDirectory(r)) {
                try (Stream<Path> s = Files.walk(r)) {
                    s.filter(Files::isRegularFile).filter(DesignIO::isManifestName).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }

    /** The peers' test fixtures (corpus/peers), some of which are broken on purpose. */
    static boolean isPeerFixture(Path f) {
        return f.startsWith(root().resolve("corpus/peers"));
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
