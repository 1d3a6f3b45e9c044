package io.kubecanvas.netviz.panel;

import io.kubecanvas.emulator.state.ClusterState;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.VBox;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;

/**
 * Nodes, Pods (phase, IP, node, and why one does not run) and Services (ClusterIP and endpoints) as the control
 * plane has them now.
 */
public final class ClusterStatusPane extends VBox {
    private final TreeView<String> tree = new TreeView<>();
    private final Label version = new Label("not running");

    public ClusterStatusPane() {
        super(4);
        tree.setShowRoot(false);
        tree.setRoot(new TreeItem<>("cluster"));
        tree.setId("cluster-status");
        // a line may be longer than the panel is wide (a Pod's reason): the whole of it as the cell's tooltip
        tree.setCellFactory(tv -> new javafx.scene.control.TreeCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(item));
            }
        });
        VBox.setVgrow(tree, Priority.ALWAYS);
        getChildren().addAll(version, tree);
        setPrefWidth(260);
    }

    public void show(ClusterState s) {
        if (s == null) {
            version.setText("not running");
            tree.getRoot().getChildren().clear();
            return;
        }
        version.setText("resource version " + s.resourceVersion() + "  ·  " + s.nodes().size() + " nodes, "
                + s.pods().size() + " Pods, " + s.services().size() + " Services");
        TreeItem<String> root = new TreeItem<>("cluster");
        TreeItem<String> nodes = section("Nodes");
        for (var n : s.nodes()) {
            nodes.getChildren().add(new TreeItem<>(n.name() + "  " + (n.ready() ? "Ready" : "NotReady") + "  " + n.underlayIp()
                    + "  " + (n.podCidr() == null ? "" : n.podCidr())));
        }
        TreeItem<String> pods = section("Pods");
        for (var p : s.pods()) {
            pods.getChildren().add(new TreeItem<>(podLine(p)));
        }
        TreeItem<String> svcs = section("Services");
        for (var sv : s.services()) {
            TreeItem<String> it = new TreeItem<>(sv.key() + "  " + sv.type() + "  " + (sv.headless() ? "headless" : sv.clusterIp())
                    + (sv.loadBalancerIp() == null ? "" : "  LB " + sv.loadBalancerIp()));
            for (var ep : sv.endpoints()) {
                it.getChildren().add(new TreeItem<>("endpoint " + ep.ip() + "  " + ep.podName() + (ep.ready() ? "" : " (not ready)")));
            }
            if (sv.endpoints().isEmpty()) {
                it.getChildren().add(new TreeItem<>("no endpoints"));
            }
            it.setExpanded(true);
            svcs.getChildren().add(it);
        }
        root.getChildren().addAll(nodes, pods, svcs);
        tree.setRoot(root);
    }

    /**
     * A Pod's line: key, phase, address, node, and, when it does not run as its spec says, its reason last
     * ({@code default/web  Pending  -  on worker-1  CreateContainerConfigError: configmap "cfg" not found}).
     */
    static String podLine(ClusterState.PodState p) {
        String line = p.key() + "  " + p.phase() + "  " + (p.ip() == null ? "-" : p.ip())
                + "  " + (p.node() == null ? "unscheduled" : "on " + p.node());
        if (p.reason() != null) {
            return line + "  " + p.reason();
        }
        return "Running".equals(p.phase()) && !p.ready() && p.readiness() != null ? line + "  not ready: " + p.readiness() : line;
    }

    public TreeView<String> tree() {
        return tree;
    }

    private static TreeItem<String> section(String name) {
        TreeItem<String> t = new TreeItem<>(name);
        t.setExpanded(true);
        return t;
    }
}
