package io.kubecanvas.netviz.panel;

import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.netviz.simulation.EventTimeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The event list of simulation mode: time, where, from, to, protocol, info, with filters (text, protocol,
 * drops only). A row is an index into the {@link EventTimeline}; choosing a row moves the cursor.
 */
public final class EventListPane extends VBox {
    private final EventTimeline timeline;
    private final ObservableList<Integer> rows = FXCollections.observableArrayList();
    private final TableView<Integer> table = new TableView<>(rows);
    private final TextField text = new TextField();
    private final ComboBox<String> protocol = new ComboBox<>();
    private final CheckBox dropsOnly = new CheckBox("drops only");
    private boolean syncing;

    public EventListPane(EventTimeline timeline) {
        super(4);
        this.timeline = timeline;
        table.setId("event-list");
        text.setPromptText("filter: node, address, info…");
        text.setId("event-filter");
        protocol.getItems().addAll("all", "HTTP", "TCP", "UDP", "ICMP", "DNS");
        protocol.getSelectionModel().select(0);
        // Fixed columns sized for their longest usual value; "info" takes the rest and wraps, and the details
        // pane shows it in full.
        table.getColumns().add(fixed(column("#", i -> String.valueOf(i + 1), 48)));
        table.getColumns().add(fixed(column("time µs", i -> String.format(Locale.ROOT, "%.1f", timeline.get(i).timeNanos() / 1000.0), 70)));
        table.getColumns().add(atLeast(column("where", i -> EventTimeline.where(timeline.get(i)), 170), 150));
        table.getColumns().add(atLeast(column("from", i -> EventTimeline.from(timeline.get(i)), 130), 110));
        table.getColumns().add(atLeast(column("to", i -> EventTimeline.to(timeline.get(i)), 130), 110));
        table.getColumns().add(fixed(column("proto", i -> EventTimeline.protocol(timeline.get(i)), 58)));
        TableColumn<Integer, String> infoColumn = column("info", i -> info(timeline.get(i)), 300);
        infoColumn.setMinWidth(160);
        infoColumn.setCellFactory(c -> new WrappingCell());
        table.getColumns().add(infoColumn);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(Integer item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setStyle("");
                    return;
                }
                PacketEvent e = timeline.get(item);
                setStyle(e.verdict() == PacketEvent.Verdict.DROPPED || e.verdict() == PacketEvent.Verdict.REJECTED
                        ? "-fx-background-color: rgba(229,57,53,0.28);" : e.natAfter() != null ? "-fx-background-color: rgba(255,152,0,0.25);" : "");
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        HBox filters = new HBox(6, text, protocol, dropsOnly);
        HBox.setHgrow(text, Priority.ALWAYS);
        getChildren().addAll(filters, table);
        text.textProperty().addListener((o, a, b) -> refilter());
        protocol.valueProperty().addListener((o, a, b) -> refilter());
        dropsOnly.selectedProperty().addListener((o, a, b) -> refilter());
        timeline.addAppendListener(this::appended);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!syncing && b != null) {
                timeline.select(b);
            }
        });
        timeline.addCursorListener(i -> {
            syncing = true;
            try {
                if (i < 0) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(Integer.valueOf(i));
                    table.scrollTo(Math.max(0, rows.indexOf(i) - 3));
                }
            } finally {
                syncing = false;
            }
        });
    }

    private static String info(PacketEvent e) {
        StringBuilder s = new StringBuilder();
        if (e.verdict() != null && e.verdict() != PacketEvent.Verdict.FORWARDED) {
            s.append(e.verdict().name()).append("  ");
        }
        if (e.natAfter() != null) {
            s.append("NAT ").append(e.natBefore()).append(" -> ").append(e.natAfter()).append("  ");
        }
        if (e.info() != null) {
            s.append(e.info());
        }
        return s.toString();
    }

    private static TableColumn<Integer, String> atLeast(TableColumn<Integer, String> c, double min) {
        c.setMinWidth(min);
        return c;
    }

    private static TableColumn<Integer, String> fixed(TableColumn<Integer, String> c) {
        c.setMinWidth(c.getPrefWidth());
        c.setMaxWidth(c.getPrefWidth() * 1.5);
        return c;
    }

    /** A cell whose text wraps onto a second line instead of being cut, with the whole text as its tooltip. */
    private static final class WrappingCell extends javafx.scene.control.TableCell<Integer, String> {
        private final javafx.scene.text.Text text = new javafx.scene.text.Text();

        WrappingCell() {
            text.wrappingWidthProperty().bind(widthProperty().subtract(10));
            text.getStyleClass().add("text");
            text.fillProperty().bind(textFillProperty());
            setGraphic(text);
            setPrefHeight(USE_COMPUTED_SIZE);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            text.setText(empty || item == null ? "" : item);
            setTooltip(empty || item == null || item.isEmpty() ? null : new javafx.scene.control.Tooltip(item));
            setText(null);
        }
    }

    private TableColumn<Integer, String> column(String title, java.util.function.IntFunction<String> value, double width) {
        TableColumn<Integer, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    /** Events of the timeline already looked at by the filter; a steady run appends for minutes. */
    private int considered;

    private void refilter() {
        considered = 0;
        show(matching(), true);
    }

    /** New events only are filtered and added, so a long session does not refilter everything per hop. */
    private void appended() {
        if (timeline.size() < considered) {
            refilter();
        } else {
            show(matching(), false);
        }
    }

    private java.util.List<Integer> matching() {
        String q = text.getText() == null ? "" : text.getText().toLowerCase(Locale.ROOT).trim();
        String proto = protocol.getValue();
        boolean drops = dropsOnly.isSelected();
        java.util.List<Integer> keep = new java.util.ArrayList<>();
        for (int i = considered; i < timeline.size(); i++) {
            PacketEvent e = timeline.get(i);
            if (drops && e.verdict() != PacketEvent.Verdict.DROPPED && e.verdict() != PacketEvent.Verdict.REJECTED) {
                continue;
            }
            if (proto != null && !"all".equals(proto) && !EventTimeline.protocol(e).equals(proto)) {
                continue;
            }
            if (!q.isEmpty()) {
                String hay = (EventTimeline.where(e) + " " + EventTimeline.from(e) + " " + EventTimeline.to(e) + " "
                        + info(e) + " " + e.rule()).toLowerCase(Locale.ROOT);
                if (!hay.contains(q)) {
                    continue;
                }
            }
            keep.add(i);
        }
        considered = timeline.size();
        return keep;
    }

    private void show(java.util.List<Integer> keep, boolean replace) {
        syncing = true;
        try {
            if (replace) {
                rows.setAll(keep);
            } else {
                rows.addAll(keep);
            }
            if (timeline.cursor() >= 0) {
                table.getSelectionModel().select(Integer.valueOf(timeline.cursor()));
            }
        } finally {
            syncing = false;
        }
    }

    public TableView<Integer> table() {
        return table;
    }

    public TextField filterText() {
        return text;
    }

    public ObservableList<Integer> rows() {
        return rows;
    }
}
