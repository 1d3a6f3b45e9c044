package io.kubecanvas.netviz.panel;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.netviz.Scenario;
import io.kubecanvas.netviz.TrafficRequest;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Source (a Pod or outside), target (Pod, Service, ClusterIP, NodePort, Ingress URL), protocol, and either
 * one request or a steady rate; plus the ready-made scenarios of the reference article.
 */
public final class TrafficPanel extends VBox {
    private final ComboBox<String> source = new ComboBox<>();
    private final ComboBox<String> target = new ComboBox<>();
    private final ComboBox<String> protocol = new ComboBox<>();
    private final Spinner<Integer> rate = new Spinner<>(1, 50, 2);
    private final ToggleButton steady = new ToggleButton("Steady");
    private final Button send = new Button("Send one");
    private final ComboBox<Scenario> scenario = new ComboBox<>();
    private final Label message = new Label();
    private Consumer<TrafficRequest> onSend = r -> { };
    private Consumer<Boolean> onSteady = b -> { };
    private ClusterState state;

    public TrafficPanel() {
        super(6);
        setPadding(new Insets(6));
        source.setEditable(true);
        target.setEditable(true);
        source.setId("traffic-source");
        target.setId("traffic-target");
        send.setId("traffic-send");
        protocol.getItems().addAll("http", "tcp", "udp", "sctp", "icmp");
        protocol.getSelectionModel().select(0);
        scenario.getItems().addAll(Scenario.values());
        scenario.setPromptText("Scenario…");
        scenario.setId("traffic-scenario");
        rate.setPrefWidth(70);
        // Two columns so the whole panel fits the strip under the network view.
        GridPane g = new GridPane();
        g.setHgap(6);
        g.setVgap(4);
        g.addRow(0, new Label("Scenario"), scenario);
        g.addRow(1, new Label("From"), source, new Label("To"), target);
        HBox buttons = new HBox(6, protocol, send, steady, rate, new Label("req/s"));
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        send.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        steady.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        g.addRow(2, new Label("Protocol"), buttons);
        GridPane.setColumnSpan(scenario, 3);
        GridPane.setColumnSpan(buttons, 3);
        scenario.setMaxWidth(Double.MAX_VALUE);
        source.setPrefWidth(200);
        target.setPrefWidth(200);
        message.setWrapText(true);
        message.setStyle("-fx-text-fill: #e53935;");
        getChildren().addAll(g, message);
        send.setOnAction(e -> request().ifPresent(onSend));
        steady.setOnAction(e -> onSteady.accept(steady.isSelected()));
        scenario.setOnAction(e -> {
            Scenario sc = scenario.getValue();
            if (sc == null || state == null) {
                return;
            }
            Scenario.Result r = sc.request(state);
            if (r.request() == null) {
                message.setText(sc.title() + ": " + r.missing());
                return;
            }
            message.setText("");
            source.setValue(r.request().source());
            target.setValue(r.request().target());
            protocol.setValue(r.request().protocol());
        });
    }

    /** Fills the choices from the cluster. */
    public void show(ClusterState s) {
        state = s;
        if (s == null) {
            return;
        }
        String src = source.getValue();
        String dst = target.getValue();
        List<String> sources = new ArrayList<>();
        sources.add(TrafficRequest.OUTSIDE);
        s.pods().stream().filter(p -> p.ip() != null).forEach(p -> sources.add(p.key()));
        List<String> targets = new ArrayList<>();
        // The design's Services first; the cluster's own default/kubernetes (the API server) last.
        List<io.kubecanvas.emulator.state.ClusterState.ServiceState> services = new ArrayList<>(s.services());
        services.sort(java.util.Comparator.comparing(sv -> "default".equals(sv.namespace()) && "kubernetes".equals(sv.name())));
        for (var sv : services) {
            targets.add(sv.namespace() + "/" + sv.name());
            if (!sv.headless()) {
                targets.add(sv.clusterIp() + (sv.ports().isEmpty() ? "" : ":" + sv.ports().get(0).port()));
            }
            for (var p : sv.ports()) {
                if (p.nodePort() > 0 && !s.nodes().isEmpty()) {
                    targets.add(s.nodes().get(0).underlayIp() + ":" + p.nodePort());
                }
            }
        }
        for (var ing : s.ingresses()) {
            if (ing.getSpec() != null && ing.getSpec().getRules() != null) {
                ing.getSpec().getRules().forEach(r -> targets.add("http://" + (r.getHost() == null ? "localhost" : r.getHost()) + "/"));
            }
        }
        s.pods().stream().filter(p -> p.ip() != null).forEach(p -> targets.add(p.key()));
        // What the user is typing into a box stays as typed when the cluster changes under it.
        String typingSource = typing(source);
        String typingTarget = typing(target);
        if (!source.getItems().equals(sources)) {
            source.getItems().setAll(sources);
        }
        if (!target.getItems().equals(targets)) {
            target.getItems().setAll(targets);
        }
        if (typingSource == null) {
            source.setValue(src != null && sources.contains(src) && !TrafficRequest.OUTSIDE.equals(src) ? src
                    : sources.size() > 1 ? sources.get(1) : sources.get(0));
        } else {
            keepTyped(source, typingSource);
        }
        if (typingTarget == null) {
            // A typed address or URL stays; an object of another design (ns/name not in this one) does not.
            boolean keep = dst != null && (targets.contains(dst) || !dst.matches("[a-z0-9.-]+/[a-z0-9.-]+"));
            target.setValue(keep ? dst : targets.isEmpty() ? null : targets.get(0));
        } else {
            keepTyped(target, typingTarget);
        }
    }

    /** The text of an editable box the user has focus in, or null. */
    private static String typing(ComboBox<String> box) {
        return box.isEditable() && box.getEditor().isFocused() ? box.getEditor().getText() : null;
    }

    private static void keepTyped(ComboBox<String> box, String text) {
        if (!text.equals(box.getEditor().getText())) {
            box.getEditor().setText(text);
            box.getEditor().positionCaret(text.length());
        }
    }

    public java.util.Optional<TrafficRequest> request() {
        try {
            message.setText("");
            return java.util.Optional.of(new TrafficRequest(source.getValue(), target.getValue(), protocol.getValue(), 0));
        } catch (IllegalArgumentException ex) {
            message.setText(ex.getMessage());
            return java.util.Optional.empty();
        }
    }

    public void setMessage(String text) {
        message.setText(text == null ? "" : text);
    }

    public int rate() {
        return rate.getValue();
    }

    public void setOnSend(Consumer<TrafficRequest> c) {
        onSend = c;
    }

    public void setOnSteady(Consumer<Boolean> c) {
        onSteady = c;
    }

    public ComboBox<String> source() {
        return source;
    }

    public ComboBox<String> target() {
        return target;
    }

    public ComboBox<Scenario> scenario() {
        return scenario;
    }

    public Button sendButton() {
        return send;
    }
}
