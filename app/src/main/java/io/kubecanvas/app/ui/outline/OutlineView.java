package io.kubecanvas.app.ui.outline;

import io.kubecanvas.app.ui.Icons;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.app.ui.document.Elements;
import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeObject;
import javafx.collections.SetChangeListener;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A tree of the design: Cluster nodes, then namespaces, then kinds, then objects. */
public final class OutlineView extends TreeView<OutlineView.Entry> {
    /** A row: a group ({@code id} null) or an element. */
    public record Entry(String label, String id, String kind) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final DesignSession session;
    private boolean syncing;

    public OutlineView(DesignSession session) {
        this.session = session;
        getStyleClass().add("outline");
        setShowRoot(false);
        getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        setCellFactory(t -> new TreeCell<>() {
            @Override
            protected void updateItem(Entry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.label());
                setGraphic(empty || e == null || e.kind() == null ? null : Icons.icon(Icons.forKind(e.kind()), 14, "outline-icon"));
            }
        });
        session.designProperty().addListener((o, a, d) -> rebuild(d));
        session.selection().addListener((SetChangeListener<String>) c -> syncFromSession());
        getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<TreeItem<Entry>>) c -> {
            if (syncing) {
                return;
            }
            List<String> ids = getSelectionModel().getSelectedItems().stream()
                    .filter(i -> i != null && i.getValue().id() != null).map(i -> i.getValue().id()).toList();
            if (!ids.isEmpty()) {
                session.select(ids);
            }
        });
        rebuild(session.design());
    }

    private void rebuild(Design d) {
        TreeItem<Entry> root = new TreeItem<>(new Entry("design", null, null));
        TreeItem<Entry> cluster = group("Cluster " + d.cluster().name(), null);
        for (Cluster.NodeSpec n : d.cluster().nodes()) {
            cluster.getChildren().add(new TreeItem<>(new Entry(n.name() + (n.isControlPlane() ? " (control plane)" : ""),
                    Elements.node(n.name()), DesignEdits.WORKER_NODE)));
        }
        root.getChildren().add(cluster);
        Map<String, Map<String, List<KubeObject>>> byNs = new TreeMap<>();
        for (KubeObject o : d.objects()) {
            if (o.kind() == null || o.name() == null) {
                continue;
            }
            String ns = o.namespace().isEmpty() ? "(cluster-wide)" : o.namespace();
            byNs.computeIfAbsent(ns, k -> new TreeMap<>()).computeIfAbsent(o.kind(), k -> new java.util.ArrayList<>()).add(o);
        }
        byNs.forEach((ns, kinds) -> {
            TreeItem<Entry> nsItem = group(ns.startsWith("(") ? ns : "namespace " + ns, null);
            kinds.forEach((kind, objs) -> {
                TreeItem<Entry> kindItem = group(kind + " (" + objs.size() + ")", kind);
                for (KubeObject o : objs) {
                    kindItem.getChildren().add(new TreeItem<>(new Entry(o.name(), Elements.of(o), o.kind())));
                }
                nsItem.getChildren().add(kindItem);
            });
            root.getChildren().add(nsItem);
        });
        syncing = true;
        try {
            setRoot(root);
        } finally {
            syncing = false;
        }
        syncFromSession();
    }

    private static TreeItem<Entry> group(String label, String kind) {
        TreeItem<Entry> t = new TreeItem<>(new Entry(label, null, kind));
        t.setExpanded(true);
        return t;
    }

    private void syncFromSession() {
        syncing = true;
        try {
            getSelectionModel().clearSelection();
            select(getRoot());
        } finally {
            syncing = false;
        }
    }

    private void select(TreeItem<Entry> item) {
        if (item == null) {
            return;
        }
        if (item.getValue().id() != null && session.selection().contains(item.getValue().id())) {
            getSelectionModel().select(item);
        }
        for (TreeItem<Entry> c : item.getChildren()) {
            select(c);
        }
    }
}
