package io.kubecanvas.netviz.panel;

import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.netviz.RunSession;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.Duration;

/** Stop or start a node, kill a Pod, add delay or loss to a node's link; the control plane reacts. */
public final class FaultPanel extends VBox {
    private final ComboBox<String> node = new ComboBox<>();
    private final ComboBox<String> pod = new ComboBox<>();
    private final Spinner<Integer> delayMs = new Spinner<>(0, 5000, 0, 50);
    private final Spinner<Integer> lossPct = new Spinner<>(0, 100, 0, 5);
    private final Label message = new Label();

    private final java.util.concurrent.Executor worker;

    /**
     * @param worker runs the session calls (a docker backend may take seconds); results come back on the FX thread
     */
    public FaultPanel(RunSession session, java.util.concurrent.Executor worker) {
        super(6);
        this.worker = worker;
        setPadding(new Insets(6));
        Button stop = new Button("Stop node");
        Button start = new Button("Start node");
        Button kill = new Button("Kill Pod");
        Button impair = new Button("Apply");
        stop.setId("fault-stop-node");
        kill.setId("fault-kill-pod");
        pod.setId("fault-pod");
        node.setId("fault-node");
        delayMs.setPrefWidth(80);
        lossPct.setPrefWidth(70);
        message.setWrapText(true);
        GridPane g = new GridPane();
        g.setHgap(6);
        g.setVgap(4);
        g.addRow(0, new Label("Node"), node, new HBox(4, stop, start));
        g.addRow(1, new Label("Pod"), pod, kill);
        g.addRow(2, new Label("Link delay ms"), delayMs);
        g.addRow(3, new Label("Loss %"), lossPct, impair);
        node.setPrefWidth(140);
        pod.setPrefWidth(140);
        getChildren().addAll(new Label("Faults"), g, message);
        stop.setOnAction(e -> act(() -> session.stopNode(node.getValue()), "stopped node " + node.getValue() + "; after the grace period its Pods were evicted and rescheduled"));
        start.setOnAction(e -> act(() -> session.startNode(node.getValue()), "started node " + node.getValue()));
        kill.setOnAction(e -> {
            String key = pod.getValue();
            if (key == null || !key.contains("/")) {
                message.setText("Choose a Pod first.");
                return;
            }
            String[] p = key.split("/", 2);
            act(() -> session.deletePod(p[0], p[1]), "deleted Pod " + key + "; its controller recreates it");
        });
        impair.setOnAction(e -> {
            if (node.getValue() == null) {
                message.setText("Choose a node first.");
                return;
            }
            String n = node.getValue();
            int d = delayMs.getValue();
            int l = lossPct.getValue();
            worker.execute(() -> {
                // the backend's own sentence: what it did, or why it cannot (docker needs tc netem for delay and loss)
                var r = session.impair(n, new io.kubecanvas.emulator.backend.LinkFault(Duration.ofMillis(d), l, false));
                javafx.application.Platform.runLater(() -> message.setText(r.message()));
            });
        });
    }

    private void act(Runnable r, String done) {
        if (node.getValue() == null && done.contains("node")) {
            message.setText("Choose a node first.");
            return;
        }
        message.setText("…");
        worker.execute(() -> {
            String text;
            try {
                r.run();
                text = done;
            } catch (RuntimeException ex) {
                text = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            }
            String shown = text;
            javafx.application.Platform.runLater(() -> message.setText(shown));
        });
    }

    public void show(ClusterState s) {
        if (s == null) {
            return;
        }
        String n = node.getValue();
        String p = pod.getValue();
        node.getItems().setAll(s.nodes().stream().map(ClusterState.NodeState::name).toList());
        pod.getItems().setAll(s.pods().stream().map(ClusterState.PodState::key).toList());
        node.setValue(n != null && node.getItems().contains(n) ? n : node.getItems().isEmpty() ? null : node.getItems().get(node.getItems().size() - 1));
        pod.setValue(p != null && pod.getItems().contains(p) ? p : pod.getItems().isEmpty() ? null : pod.getItems().get(0));
    }

    public ComboBox<String> pod() {
        return pod;
    }

    public ComboBox<String> node() {
        return node;
    }

    public Label message() {
        return message;
    }
}
