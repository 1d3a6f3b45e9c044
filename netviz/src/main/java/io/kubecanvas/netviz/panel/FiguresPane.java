package io.kubecanvas.netviz.panel;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.Map;

/** Live figures: packets and bytes per second per link, and requests per endpoint behind each Service. */
public final class FiguresPane extends VBox {
    private final VBox links = new VBox(2);
    private final VBox balance = new VBox(2);

    public FiguresPane() {
        super(6);
        setPadding(new Insets(6));
        setId("figures");
        Label l1 = new Label("Load balancing: requests per endpoint");
        l1.setStyle("-fx-font-weight: bold;");
        Label l2 = new Label("Links: packets and bytes per second");
        l2.setStyle("-fx-font-weight: bold;");
        getChildren().addAll(l1, balance, l2, links);
    }

    public void show(Map<String, long[]> rates, Map<String, Map<String, Integer>> perEndpoint) {
        balance.getChildren().clear();
        if (perEndpoint.isEmpty()) {
            balance.getChildren().add(new Label("no Service traffic yet"));
        }
        perEndpoint.forEach((svc, eps) -> {
            int total = eps.values().stream().mapToInt(Integer::intValue).sum();
            balance.getChildren().add(new Label(svc + "  (" + total + " requests)"));
            eps.forEach((ep, n) -> {
                ProgressBar bar = new ProgressBar(total == 0 ? 0 : n / (double) total);
                bar.setPrefWidth(90);
                bar.setMinWidth(90);
                balance.getChildren().add(new HBox(6, bar, new Label(n + "  " + ep)));
            });
        });
        links.getChildren().clear();
        if (rates.isEmpty()) {
            links.getChildren().add(new Label("idle"));
        }
        rates.forEach((link, r) -> links.getChildren().add(new Label(String.format("%-24s %4d pkt/s  %7d B/s", link, r[0], r[1]))));
    }
}
