package io.kubecanvas.app.ui.inspector;

import atlantafx.base.theme.Styles;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.app.ui.document.Elements;
import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.app.ui.edit.Selectors;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.KubeKinds;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;
import javafx.collections.SetChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Shows a form for the selected element. Text fields are checked on every keystroke (a bad value turns the
 * field red with the reason under it and is not applied); Enter or leaving the field applies a good value
 * as one command. Field ids ({@code #field-name}, {@code #field-rule-0-host}) let tests find them.
 */
public final class InspectorView extends ScrollPane {
    private static final List<String> SERVICE_TYPES = List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
    private static final List<String> PATH_TYPES = List.of("Prefix", "Exact", "ImplementationSpecific");
    private static final List<String> POLICY_TYPES = List.of("Ingress", "Egress", "Ingress, Egress");

    private final DesignSession session;
    private final VBox content = new VBox(8);
    private String shownId;
    private Object shownState;

    public InspectorView(DesignSession session) {
        this.session = session;
        getStyleClass().add("inspector");
        setFitToWidth(true);
        content.setPadding(new Insets(12));
        setContent(content);
        session.selection().addListener((SetChangeListener<String>) c -> rebuild(false));
        session.designProperty().addListener((o, a, d) -> rebuild(false));
        rebuild(true);
    }

    private void rebuild(boolean force) {
        Design d = session.design();
        String id = session.selection().size() == 1 ? session.selection().iterator().next() : null;
        Object state = id == null ? List.of(session.selection().size(), d) : stateOf(d, id);
        if (!force && java.util.Objects.equals(id, shownId) && java.util.Objects.equals(state, shownState)) {
            return; // the same thing as shown: keep the fields (and the focus) as they are
        }
        shownId = id;
        shownState = state;
        content.getChildren().clear();
        if (id == null) {
            summary(d);
            return;
        }
        if (Elements.isNode(id)) {
            Cluster.NodeSpec n = Elements.nodeSpec(d, id);
            if (n != null) {
                nodeForm(id, n);
            }
            return;
        }
        KubeObject o = Elements.object(d, id);
        if (o != null) {
            objectForm(id, o);
        }
    }

    private static Object stateOf(Design d, String id) {
        if (Elements.isNode(id)) {
            return Elements.nodeSpec(d, id);
        }
        KubeObject o = Elements.object(d, id);
        return o == null ? null : o.tree();
    }

    private void summary(Design d) {
        int n = session.selection().size();
        header(n == 0 ? "Cluster " + d.cluster().name() : n + " elements selected", n == 0 ? "Cluster" : "");
        if (n == 0) {
            Cluster c = d.cluster();
            content.getChildren().add(note(c.workers().size() + " worker nodes, " + (c.nodes().size() - c.workers().size())
                    + " control plane \u00b7 CNI " + c.network().cni() + " \u00b7 Pods " + c.network().clusterCidr()
                    + " \u00b7 Services " + c.network().serviceCidr()));
            content.getChildren().add(note(d.objects().size() + " objects. Select an element to edit it; drag from the "
                    + "palette to add one; drag from a connector handle (\u25cf) to connect."));
        }
    }

    // ---- forms --------------------------------------------------------------------------------

    private void nodeForm(String id, Cluster.NodeSpec n) {
        header(n.name(), n.isControlPlane() ? "Control plane node" : "Worker node");
        GridPane g = grid();
        int r = 0;
        r = row(g, r, "Name", text("field-name", n.name(), FieldRules::name, v -> d -> {
            DesignEdits.Result res = DesignEdits.rename(d, id, v);
            reselect(res.id());
            return res.design();
        }, "Rename node"));
        row(g, r, "Labels", text("field-labels", FieldRules.formatLabels(n.labels()), FieldRules::labels,
                v -> d -> DesignEdits.setNodeLabels(d, id, FieldRules.parseLabels(v)), "Set labels of node " + n.name()));
        content.getChildren().add(g);
        content.getChildren().add(note("Capacity: " + n.capacity() + (n.taints().isEmpty() ? "" : " \u00b7 taints: "
                + n.taints().stream().map(t -> t.key() + ":" + t.effect()).toList())));
    }

    private void objectForm(String id, KubeObject o) {
        header(o.name(), o.kind() + (o.namespace().isEmpty() ? "" : " in " + o.namespace()));
        GridPane g = grid();
        int r = 0;
        r = row(g, r, "Name", text("field-name", o.name(), FieldRules::name, v -> d -> {
            DesignEdits.Result res = DesignEdits.rename(d, id, v);
            reselect(res.id());
            return res.design();
        }, "Rename " + o.kind()));
        if (KubeKinds.isNamespaced(o.kind())) {
            r = row(g, r, "Namespace", text("field-namespace", o.declaredNamespace() == null ? "" : o.declaredNamespace(),
                    FieldRules::namespace, v -> d -> {
                        DesignEdits.Result res = DesignEdits.setNamespace(d, id, v);
                        reselect(res.id());
                        return res.design();
                    }, "Move " + o.name() + " to another namespace"));
        }
        r = row(g, r, "Labels", labelsField("field-labels", o, "metadata.labels", "Set labels of " + o.name()));
        switch (o.kind()) {
            case KubeKinds.POD -> podFields(g, r, o, "spec");
            case KubeKinds.DEPLOYMENT -> deploymentFields(g, r, o);
            case KubeKinds.SERVICE -> serviceFields(g, r, o);
            case KubeKinds.INGRESS -> ingressFields(g, r, o);
            case KubeKinds.NETWORK_POLICY -> policyFields(g, r, o);
            default -> content.getChildren().add(note("Edit the other fields of a " + o.kind() + " in the YAML pane."));
        }
        content.getChildren().add(1, g);
    }

    private int podFields(GridPane g, int r, KubeObject o, String spec) {
        r = row(g, r, "Image", text("field-image", str(o.get(spec + ".containers[0].image")), FieldRules::image,
                v -> set(o, spec + ".containers[0].image", v.strip()), "Set image of " + o.name()));
        r = row(g, r, "Container port", text("field-port", str(o.get(spec + ".containers[0].ports[0].containerPort")),
                FieldRules::optionalPort, v -> set(o, spec + ".containers[0].ports[0].containerPort",
                        v.isBlank() ? null : Integer.parseInt(v.strip())), "Set container port of " + o.name()));
        if (KubeKinds.POD.equals(o.kind())) {
            List<String> choices = new ArrayList<>();
            choices.add("(scheduler decides)");
            session.design().cluster().nodes().forEach(n -> choices.add(n.name()));
            Object node = o.get("spec.nodeName");
            r = row(g, r, "Node", combo("field-node", choices, node == null ? choices.get(0) : String.valueOf(node),
                    v -> d -> DesignEdits.pin(d, Elements.of(o), v.startsWith("(") ? null : v, null),
                    "Pin " + o.name()));
        }
        return r;
    }

    private void deploymentFields(GridPane g, int r, KubeObject o) {
        r = row(g, r, "Replicas", text("field-replicas", str(o.get("spec.replicas") == null ? 1 : o.get("spec.replicas")),
                FieldRules::replicas, v -> set(o, "spec.replicas", Integer.parseInt(v.strip())), "Scale " + o.name()));
        r = row(g, r, "Pod labels", text("field-podLabels", FieldRules.formatLabels(Selectors.podLabels(o)), v -> {
            String e = FieldRules.labels(v);
            return e != null ? e : (FieldRules.parseLabels(v).isEmpty() ? "a Deployment's Pods need at least one label" : null);
        }, v -> d -> {
            Map<String, Object> labels = new LinkedHashMap<>(FieldRules.parseLabels(v));
            KubeObject cur = d.find(o.key());
            // The selector follows the template labels, or the Deployment would be rejected.
            KubeObject changed = cur.edit(t -> {
                Trees.set(t, "spec.template.metadata.labels", Trees.deepCopy(labels));
                Trees.set(t, "spec.selector.matchLabels", Trees.deepCopy(labels));
            });
            return changed.sameContent(cur) ? d : d.replace(cur, changed);
        }, "Set Pod labels of " + o.name()));
        podFields(g, r, o, "spec.template.spec");
    }

    private void serviceFields(GridPane g, int r, KubeObject o) {
        r = row(g, r, "Type", combo("field-type", SERVICE_TYPES, o.get("spec.type") == null ? "ClusterIP"
                : str(o.get("spec.type")), v -> set(o, "spec.type", v), "Set type of " + o.name()));
        r = row(g, r, "Port", text("field-port", str(o.get("spec.ports[0].port")), FieldRules::port,
                v -> set(o, "spec.ports[0].port", Integer.parseInt(v.strip())), "Set port of " + o.name()));
        r = row(g, r, "Target port", text("field-targetPort", str(o.get("spec.ports[0].targetPort")), FieldRules::portOrName,
                v -> set(o, "spec.ports[0].targetPort", v.strip().chars().allMatch(Character::isDigit)
                        ? (Object) Integer.parseInt(v.strip()) : v.strip()), "Set target port of " + o.name()));
        r = row(g, r, "Node port", text("field-nodePort", str(o.get("spec.ports[0].nodePort")), FieldRules::nodePort,
                v -> set(o, "spec.ports[0].nodePort", v.isBlank() ? null : Integer.parseInt(v.strip())),
                "Set node port of " + o.name()));
        row(g, r, "Selector", labelsField("field-selector", o, "spec.selector", "Set selector of " + o.name()));
        content.getChildren().add(note("Tip: drag from the Service's handle (\u25cf) to a Pod or Deployment to select it."));
    }

    private void ingressFields(GridPane g, int r, KubeObject o) {
        row(g, r, "Class", text("field-class", str(o.get("spec.ingressClassName")), FieldRules::optionalName,
                v -> set(o, "spec.ingressClassName", v.isBlank() ? null : v.strip()), "Set class of " + o.name()));
        VBox rules = new VBox(8);
        List<Object> list = o.list("spec.rules");
        int row = 0;
        for (int i = 0; i < list.size(); i++) {
            List<Object> paths = o.list("spec.rules[" + i + "].http.paths");
            for (int p = 0; p < Math.max(1, paths.size()); p++) {
                rules.getChildren().add(ingressRule(o, i, p, row++));
            }
        }
        Button add = new Button("Add rule");
        add.setId("add-rule");
        add.setOnAction(e -> session.edit("Add a rule to " + o.name(), d -> {
            KubeObject cur = d.find(o.key());
            List<KubeObject> svcs = d.objects(KubeKinds.SERVICE).stream().filter(s -> s.namespace().equals(o.namespace())).toList();
            if (svcs.isEmpty()) {
                return d;
            }
            return DesignEdits.connect(d, Elements.of(cur), Elements.of(svcs.get(0)), DesignEdits.Link.SELECT);
        }));
        content.getChildren().addAll(section("Rules (host and path \u2192 Service)"), rules, add);
        GridPane tls = grid();
        int t = 0;
        t = row(tls, t, "TLS hosts", text("field-tls-hosts", String.join(", ", o.list("spec.tls[0].hosts").stream()
                .map(String::valueOf).toList()), FieldRules::hosts, v -> d -> setTls(d, o, v, null), "Set TLS hosts of " + o.name()));
        row(tls, t, "TLS secret", text("field-tls-secret", str(o.get("spec.tls[0].secretName")), FieldRules::optionalName,
                v -> d -> setTls(d, o, null, v), "Set TLS secret of " + o.name()));
        content.getChildren().addAll(section("TLS termination"), tls);
    }

    private Node ingressRule(KubeObject o, int rule, int path, int row) {
        String base = "spec.rules[" + rule + "]";
        String pb = base + ".http.paths[" + path + "]";
        GridPane g = grid();
        g.getStyleClass().add("rule-card");
        int r = 0;
        String prefix = "field-rule-" + row + "-";
        r = row(g, r, "Host", text(prefix + "host", str(o.get(base + ".host")), FieldRules::host,
                v -> set(o, base + ".host", v.isBlank() ? null : v.strip()), "Set host of " + o.name()));
        r = row(g, r, "Path", text(prefix + "path", str(o.get(pb + ".path")), FieldRules::path,
                v -> set(o, pb + ".path", v.strip()), "Set path of " + o.name()));
        r = row(g, r, "Path type", combo(prefix + "pathType", PATH_TYPES, o.get(pb + ".pathType") == null ? "Prefix"
                : str(o.get(pb + ".pathType")), v -> set(o, pb + ".pathType", v), "Set path type of " + o.name()));
        r = row(g, r, "Service", text(prefix + "service", str(o.get(pb + ".backend.service.name")), FieldRules::name,
                v -> set(o, pb + ".backend.service.name", v.strip()), "Set backend of " + o.name()));
        r = row(g, r, "Port", text(prefix + "port", str(o.get(pb + ".backend.service.port.number")), FieldRules::port,
                v -> set(o, pb + ".backend.service.port.number", Integer.parseInt(v.strip())), "Set backend port of " + o.name()));
        Button remove = new Button("Remove");
        remove.getStyleClass().addAll(Styles.SMALL, Styles.FLAT, Styles.DANGER);
        remove.setOnAction(e -> session.edit("Remove a rule of " + o.name(), d -> {
            KubeObject cur = d.find(o.key());
            List<Object> paths = cur.list(base + ".http.paths");
            KubeObject changed = paths.size() > 1 ? cur.edit(t -> Trees.set(t, pb, null)) : cur.edit(t -> Trees.set(t, base, null));
            return d.replace(cur, changed);
        }));
        g.add(remove, 1, r);
        return g;
    }

    @SuppressWarnings("unchecked")
    private Design setTls(Design d, KubeObject o, String hosts, String secret) {
        KubeObject cur = d.find(o.key());
        KubeObject changed = cur.edit(t -> {
            Object tlsList = Trees.get(t, "spec.tls");
            Map<String, Object> tls = tlsList instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : new LinkedHashMap<>();
            if (hosts != null) {
                List<Object> hs = new ArrayList<>();
                for (String h : hosts.split(",")) {
                    if (!h.isBlank()) {
                        hs.add(h.strip());
                    }
                }
                if (hs.isEmpty()) {
                    tls.remove("hosts");
                } else {
                    tls.put("hosts", hs);
                }
            }
            if (secret != null) {
                if (secret.isBlank()) {
                    tls.remove("secretName");
                } else {
                    tls.put("secretName", secret.strip());
                }
            }
            if (tls.isEmpty()) {
                Trees.set(t, "spec.tls", null);
            } else if (!(tlsList instanceof List<?> l2 && !l2.isEmpty())) {
                Trees.set(t, "spec.tls", new ArrayList<>(List.of(tls)));
            }
        });
        return changed.sameContent(cur) ? d : d.replace(cur, changed);
    }

    private void policyFields(GridPane g, int r, KubeObject o) {
        r = row(g, r, "Pod selector", text("field-podSelector", FieldRules.formatLabels(Selectors.stringMap(
                o.get("spec.podSelector.matchLabels"))), FieldRules::labels, v -> set(o, "spec.podSelector",
                FieldRules.parseLabels(v).isEmpty() ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(Map.of("matchLabels", new LinkedHashMap<>(FieldRules.parseLabels(v))))),
                "Set Pod selector of " + o.name()));
        String types = String.join(", ", o.list("spec.policyTypes").stream().map(String::valueOf).toList());
        row(g, r, "Policy types", combo("field-policyTypes", POLICY_TYPES, types.isEmpty() ? "Ingress" : types,
                v -> set(o, "spec.policyTypes", new ArrayList<>(List.of(v.split(",\\s*")))), "Set policy types of " + o.name()));
        content.getChildren().add(note(Selectors.stringMap(o.get("spec.podSelector.matchLabels")).isEmpty()
                ? "An empty Pod selector applies the policy to every Pod of the namespace." : ""));
        VBox rules = new VBox(8);
        List<Object> list = o.list("spec.ingress");
        for (int i = 0; i < list.size(); i++) {
            String base = "spec.ingress[" + i + "]";
            GridPane rg = grid();
            rg.getStyleClass().add("rule-card");
            int rr = 0;
            rr = row(rg, rr, "From Pods", text("field-from-" + i, FieldRules.formatLabels(Selectors.stringMap(
                    o.get(base + ".from[0].podSelector.matchLabels"))), FieldRules::labels, v -> set(o, base + ".from",
                    FieldRules.parseLabels(v).isEmpty() ? null : new ArrayList<>(List.of(Map.of("podSelector",
                            Map.of("matchLabels", new LinkedHashMap<>(FieldRules.parseLabels(v))))))),
                    "Set allowed peers of " + o.name()));
            rr = row(rg, rr, "Ports", text("field-ports-" + i, policyPorts(o, base), FieldRules::policyPorts,
                    v -> set(o, base + ".ports", parsePolicyPorts(v)), "Set allowed ports of " + o.name()));
            final int index = i;
            Button remove = new Button("Remove");
            remove.getStyleClass().addAll(Styles.SMALL, Styles.FLAT, Styles.DANGER);
            remove.setOnAction(e -> session.edit("Remove a rule of " + o.name(),
                    d -> d.replace(d.find(o.key()), d.find(o.key()).edit(t -> Trees.set(t, "spec.ingress[" + index + "]", null)))));
            rg.add(remove, 1, rr);
            rules.getChildren().add(rg);
        }
        content.getChildren().addAll(section("Allowed in (ingress rules)"), rules,
                note("Drag from the policy's left handle (\u25cf) to a Pod or Deployment to allow it in."));
    }

    private static String policyPorts(KubeObject o, String base) {
        List<String> out = new ArrayList<>();
        List<Object> ports = o.list(base + ".ports");
        for (int i = 0; i < ports.size(); i++) {
            Object proto = o.get(base + ".ports[" + i + "].protocol");
            Object port = o.get(base + ".ports[" + i + "].port");
            out.add((proto == null || "TCP".equals(proto) ? "" : proto + "/") + (port == null ? "" : port));
        }
        return String.join(", ", out);
    }

    private static Object parsePolicyPorts(String v) {
        if (v.isBlank()) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = part.strip();
            int slash = p.indexOf('/');
            String proto = slash >= 0 ? p.substring(0, slash) : "TCP";
            String port = slash >= 0 ? p.substring(slash + 1) : p;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("protocol", proto);
            m.put("port", port.chars().allMatch(Character::isDigit) ? (Object) Integer.parseInt(port) : port);
            out.add(m);
        }
        return out;
    }

    // ---- field building -------------------------------------------------------------------------

    private UnaryOperator<Design> set(KubeObject o, String path, Object value) {
        return d -> {
            KubeObject cur = d.find(o.key());
            if (cur == null) {
                return d;
            }
            KubeObject changed = cur.with(path, value);
            return changed.sameContent(cur) ? d : d.replace(cur, changed);
        };
    }

    private Node labelsField(String id, KubeObject o, String path, String title) {
        return text(id, FieldRules.formatLabels(Selectors.stringMap(o.get(path))), FieldRules::labels, v -> {
            Map<String, String> labels = FieldRules.parseLabels(v);
            return set(o, path, labels.isEmpty() && path.startsWith("metadata") ? null : new LinkedHashMap<>(labels));
        }, title);
    }

    /**
     * A checked text field. {@code rule} gives null or the reason the value is wrong; {@code apply} turns a
     * good value into an edit, pushed as one command titled {@code title}.
     */
    private Node text(String id, String value, Function<String, String> rule, Function<String, UnaryOperator<Design>> apply,
                      String title) {
        TextField f = new TextField(value);
        f.setId(id);
        keepInView(f);
        Label error = new Label();
        error.getStyleClass().addAll("field-error", Styles.TEXT_SMALL, Styles.DANGER);
        error.setWrapText(true);
        error.setManaged(false);
        error.setVisible(false);
        Runnable check = () -> {
            String e = rule.apply(f.getText());
            f.pseudoClassStateChanged(Styles.STATE_DANGER, e != null);
            error.setText(e == null ? "" : e);
            error.setManaged(e != null);
            error.setVisible(e != null);
            f.setTooltip(e == null ? null : new Tooltip(e));
        };
        f.textProperty().addListener((obs, a, b) -> check.run());
        Runnable commit = () -> {
            String v = f.getText();
            if (rule.apply(v) != null || v.equals(value)) {
                return;
            }
            try {
                session.edit(title, apply.apply(v));
            } catch (IllegalArgumentException ex) {
                error.setText(ex.getMessage());
                error.setManaged(true);
                error.setVisible(true);
                f.pseudoClassStateChanged(Styles.STATE_DANGER, true);
            }
        };
        f.setOnAction(e -> commit.run());
        f.focusedProperty().addListener((obs, was, now) -> {
            if (!now) {
                commit.run();
            }
        });
        VBox box = new VBox(2, f, error);
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }

    private Node combo(String id, List<String> choices, String value, Function<String, UnaryOperator<Design>> apply,
                       String title) {
        ComboBox<String> c = new ComboBox<>();
        c.getItems().setAll(choices);
        if (!choices.contains(value)) {
            c.getItems().add(value);
        }
        c.setValue(value);
        c.setId(id);
        keepInView(c);
        c.setMaxWidth(Double.MAX_VALUE);
        c.valueProperty().addListener((obs, a, v) -> {
            if (v != null && !v.equals(value)) {
                session.edit(title, apply.apply(v));
            }
        });
        return c;
    }

    /** A field that takes the focus (Tab, a click, a test) scrolls into view. */
    private void keepInView(Node field) {
        field.focusedProperty().addListener((obs, was, now) -> {
            if (now) {
                scrollTo(field);
            }
        });
    }

    /** Scrolls so that a node of the form is inside the viewport (no move when it already is). */
    public void scrollTo(Node node) {
        layout();
        Bounds inContent = content.sceneToLocal(node.localToScene(node.getLayoutBounds()));
        double viewport = getViewportBounds().getHeight();
        double extra = content.getHeight() - viewport;
        if (inContent == null || extra <= 0) {
            return;
        }
        double top = getVvalue() * extra;
        if (inContent.getMinY() < top) {
            setVvalue(Math.max(0, inContent.getMinY() - 8) / extra);
        } else if (inContent.getMaxY() > top + viewport) {
            setVvalue(Math.min(extra, inContent.getMaxY() + 8 - viewport) / extra);
        }
    }

    private void reselect(String id) {
        // After a rename the element has a new id: select it once the edit is in.
        javafx.application.Platform.runLater(() -> {
            if (Elements.exists(session.design(), id)) {
                session.select(List.of(id));
            }
        });
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(4);
        // The label column is as wide as its longest label ("Container port" is never cut).
        ColumnConstraints labels = new ColumnConstraints(84, Region.USE_COMPUTED_SIZE, Region.USE_PREF_SIZE);
        labels.setHgrow(Priority.NEVER);
        g.getColumnConstraints().addAll(labels,
                new ColumnConstraints(120, 200, Double.MAX_VALUE, Priority.ALWAYS, null, true));
        return g;
    }

    private static int row(GridPane g, int r, String label, Node field) {
        Label l = new Label(label);
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.getStyleClass().addAll("field-label", Styles.TEXT_MUTED);
        g.add(l, 0, r);
        g.add(field, 1, r);
        return r + 1;
    }

    private void header(String title, String subtitle) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_4);
        Label s = new Label(subtitle);
        s.getStyleClass().add(Styles.TEXT_MUTED);
        content.getChildren().add(new VBox(2, t, s));
    }

    private static Node section(String title) {
        Label l = new Label(title);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return new VBox(4, new Separator(), l);
    }

    private static Label note(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return l;
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
