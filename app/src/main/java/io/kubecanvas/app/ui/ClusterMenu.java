package io.kubecanvas.app.ui;

import io.kubecanvas.model.Design;
import io.kubecanvas.remote.ClusterContext;
import io.kubecanvas.remote.ClusterImport;
import io.kubecanvas.remote.ClusterSync;
import io.kubecanvas.remote.ObjectChange;
import io.kubecanvas.remote.RemoteException;
import javafx.concurrent.Task;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.InlineCssTextArea;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * File &gt; Apply to cluster… (the server's diff first, then apply) and File &gt; Import from cluster…, over a
 * kubeconfig context. The work is the remote module's ({@link ClusterSync}, {@link ClusterImport}); this class
 * only asks, runs it off the FX thread, and shows what came back.
 */
public final class ClusterMenu {
    static final ButtonType APPLY = new ButtonType("Apply", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType IMPORT = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);

    private final MainWindow window;
    private final Path kubeconfig;
    private final Executor background;

    /**
     * @param kubeconfig the kubeconfig, or null for $KUBECONFIG / ~/.kube/config as kubectl finds it
     * @param background where cluster requests run (never the FX thread)
     */
    public ClusterMenu(MainWindow window, Path kubeconfig, Executor background) {
        this.window = window;
        this.kubeconfig = kubeconfig;
        this.background = background;
    }

    /** The File menu's items, after a separator. */
    public static List<MenuItem> items(MainWindow window) {
        ClusterMenu menu = new ClusterMenu(window, null, r -> {
            Thread t = new Thread(r, "kubecanvas-cluster");
            t.setDaemon(true);
            t.start();
        });
        MenuItem apply = new MenuItem("Apply to cluster\u2026");
        apply.setOnAction(e -> menu.applyDialog().show());
        MenuItem imp = new MenuItem("Import from cluster\u2026");
        imp.setOnAction(e -> {
            if (window.files().confirmDiscard()) {
                menu.importDialog().show();
            }
        });
        return List.of(new SeparatorMenuItem(), apply, imp);
    }

    // ---- apply --------------------------------------------------------------------------------

    /** The apply dialog: it computes the diff as soon as it opens and again whenever a choice changes. */
    public Dialog<ButtonType> applyDialog() {
        Design design = window.session().design();
        Dialog<ButtonType> d = dialog("Apply to cluster", APPLY);
        ComboBox<String> context = contexts();
        TextField name = new TextField(ClusterSync.designName(design, window.session().file()));
        name.setId("cluster-design-name");
        CheckBox prune = new CheckBox("Prune: delete what an earlier apply of this design made and it no longer has");
        prune.setId("cluster-prune");
        CheckBox force = new CheckBox("Take over fields another manager owns (--force-conflicts)");
        InlineCssTextArea text = output("cluster-diff");
        Label status = new Label();
        status.setId("cluster-status");
        status.setWrapText(true);
        Node applyButton = d.getDialogPane().lookupButton(APPLY);
        applyButton.setDisable(true);

        Runnable diff = () -> {
            applyButton.setDisable(true);
            show(text, "");
            status.setText("Asking " + context.getValue() + " what the apply would change (server dry run)\u2026");
            ClusterSync.Options o = new ClusterSync.Options(ClusterSync.labelValue(name.getText()), true, prune.isSelected(), force.isSelected());
            run(() -> sync(context.getValue(), c -> c.diff(design, o)), r -> {
                show(text, r.unifiedDiff().isEmpty() ? "No changes: the cluster already has this design." : r.unifiedDiff());
                long errors = window.findings().stream().filter(f -> f.severity() == io.kubecanvas.model.validate.Severity.ERROR).count();
                applyButton.setDisable(r.failed() || !r.changed()); // before the status: the status is the last word
                status.setText((errors == 0 ? "" : "The design has " + errors + " error(s) (see Problems); the server may refuse it. ")
                        + summary(r, true));
            }, e -> {
                show(text, e);
                status.setText("The diff failed: nothing can be applied.");
            });
        };
        context.valueProperty().addListener((o, a, b) -> diff.run());
        prune.selectedProperty().addListener((o, a, b) -> diff.run());
        force.selectedProperty().addListener((o, a, b) -> diff.run());
        name.setOnAction(e -> diff.run());
        applyButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // the dialog stays open and shows what happened
            applyButton.setDisable(true);
            status.setText("Applying to " + context.getValue() + "\u2026");
            ClusterSync.Options o = new ClusterSync.Options(ClusterSync.labelValue(name.getText()), false, prune.isSelected(), force.isSelected());
            run(() -> sync(context.getValue(), c -> c.apply(design, o)), r -> {
                StringBuilder s = new StringBuilder();
                for (ObjectChange c : r.changes()) {
                    s.append(c.action() == ObjectChange.Action.FAILED ? "failed: " + c.error()
                            : c.displayName() + (c.key().namespace().isEmpty() ? "" : " (" + c.key().namespace() + ")") + " " + c.action().past())
                            .append('\n');
                }
                r.notes().forEach(n -> s.append("note: ").append(n).append('\n'));
                show(text, s.toString());
                status.setText(summary(r, false));
            }, err -> {
                show(text, err);
                status.setText("The apply failed.");
            });
        });
        GridPane form = form();
        form.addRow(0, new Label("Context"), context);
        form.addRow(1, new Label("Design name"), name);
        form.add(prune, 0, 2, 2, 1);
        form.add(force, 0, 3, 2, 1);
        d.getDialogPane().setContent(content(form, text, status));
        d.setOnShown(e -> {
            if (context.getValue() == null) {
                show(text, noContexts());
                status.setText("No kubeconfig context to apply to.");
            } else {
                diff.run();
            }
        });
        return d;
    }

    private static String summary(ClusterSync.Result r, boolean dryRun) {
        long failed = r.changes().stream().filter(c -> c.action() == ObjectChange.Action.FAILED).count();
        StringBuilder s = new StringBuilder();
        for (ObjectChange.Action a : ObjectChange.Action.values()) {
            long n = r.changes().stream().filter(c -> c.action() == a).count();
            if (n > 0 && a != ObjectChange.Action.FAILED) {
                s.append(s.length() == 0 ? "" : ", ").append(n).append(' ').append(dryRun ? wouldBe(a) : a.past());
            }
        }
        if (failed > 0) {
            s.append(s.length() == 0 ? "" : ", ").append(failed).append(" failed (see above)");
        }
        return (s.length() == 0 ? "Nothing to apply" : s.toString()) + (dryRun ? "." : ". Done.");
    }

    private static String wouldBe(ObjectChange.Action a) {
        return switch (a) {
            case CREATE -> "to create";
            case UPDATE -> "to change";
            case DELETE -> "to prune";
            default -> a.past();
        };
    }

    // ---- import -------------------------------------------------------------------------------

    /** The import dialog: on Import the cluster's objects open as a new, unsaved design. */
    public Dialog<ButtonType> importDialog() {
        Dialog<ButtonType> d = dialog("Import from cluster", IMPORT);
        d.getDialogPane().setPrefSize(700, 420);
        ComboBox<String> context = contexts();
        TextField namespace = new TextField();
        namespace.setId("cluster-namespace");
        namespace.setPromptText("all but kube-system, kube-public, kube-node-lease");
        CheckBox secrets = new CheckBox("Include Secrets (their data goes into the design file)");
        InlineCssTextArea text = output("cluster-import-notes");
        Label status = new Label(context.getValue() == null ? "No kubeconfig context to import from."
                : "The objects open as a new, unsaved design; what controllers made (Pods of a Deployment...) is left out.");
        status.setId("cluster-status");
        status.setWrapText(true);
        if (context.getValue() == null) {
            show(text, noContexts());
        }
        Node importButton = d.getDialogPane().lookupButton(IMPORT);
        importButton.disableProperty().bind(context.valueProperty().isNull());
        importButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            importButton.disableProperty().unbind();
            importButton.setDisable(true);
            String ns = namespace.getText().isBlank() ? null : namespace.getText().strip();
            status.setText("Reading " + (ns == null ? "all namespaces" : "namespace " + ns) + " of " + context.getValue() + "\u2026");
            run(() -> {
                ClusterContext c = ClusterContext.resolve(kubeconfig, context.getValue(), null);
                try (var client = c.connect()) {
                    return new ClusterImport(c, client).importDesign(ns, secrets.isSelected());
                }
            }, r -> {
                window.files().openUnsaved(r.design(), context.getValue() + " (imported)");
                window.canvas().fit();
                show(text, String.join("\n", r.notes()));
                status.setText("Imported " + r.design().objects().size() + " objects and " + r.design().cluster().nodes().size()
                        + " nodes; the design is open (unsaved).");
            }, err -> {
                show(text, err);
                status.setText("The import failed; the open design is unchanged.");
                importButton.setDisable(false);
            });
        });
        GridPane form = form();
        form.addRow(0, new Label("Context"), context);
        form.addRow(1, new Label("Namespace"), namespace);
        form.add(secrets, 0, 2, 2, 1);
        d.getDialogPane().setContent(content(form, text, status));
        return d;
    }

    // ---- parts --------------------------------------------------------------------------------

    @FunctionalInterface
    private interface SyncCall {
        ClusterSync.Result call(ClusterSync sync) throws RemoteException;
    }

    private ClusterSync.Result sync(String context, SyncCall call) throws RemoteException {
        ClusterContext c = ClusterContext.resolve(kubeconfig, context, null);
        try (var client = c.connect()) {
            return call.call(new ClusterSync(c, client));
        }
    }

    /** Runs off the FX thread; the answer (or the failure's message) comes back on it. */
    private <T> void run(Callable<T> work, java.util.function.Consumer<T> done, java.util.function.Consumer<String> failed) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> done.accept(task.getValue()));
        task.setOnFailed(e -> {
            Throwable t = task.getException();
            failed.accept(t instanceof RemoteException ? t.getMessage() : String.valueOf(t));
        });
        background.execute(task);
    }

    private Dialog<ButtonType> dialog(String title, ButtonType action) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle(title);
        d.setResizable(true);
        if (window.getScene() != null) {
            d.initOwner(window.getScene().getWindow());
        }
        d.getDialogPane().getButtonTypes().addAll(action, ButtonType.CLOSE);
        d.getDialogPane().setPrefSize(860, 620);
        return d;
    }

    private ComboBox<String> contexts() {
        ComboBox<String> c = new ComboBox<>();
        c.setId("cluster-context");
        c.getItems().setAll(ClusterContext.contextNames(kubeconfig));
        if (!c.getItems().isEmpty()) {
            c.setValue(c.getItems().get(0)); // the current context comes first
        }
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }

    private String noContexts() {
        try {
            ClusterContext.resolve(kubeconfig, null, null);
            return "";
        } catch (RemoteException e) {
            return e.getMessage();
        }
    }

    private static InlineCssTextArea output(String id) {
        InlineCssTextArea t = new InlineCssTextArea();
        t.setId(id);
        t.setEditable(false);
        t.setWrapText(false);
        t.setStyle("-fx-font-family: 'monospace'; -fx-font-size: 12px;");
        return t;
    }

    /** Shows text; the lines of a unified diff are coloured as diff tools colour them. */
    static void show(InlineCssTextArea area, String text) {
        area.setWrapText(!text.startsWith("diff ")); // messages wrap; diff lines keep their columns
        area.replaceText(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        for (int i = 0; i < area.getParagraphs().size(); i++) {
            String line = area.getParagraph(i).getText();
            String css = line.startsWith("+++") || line.startsWith("---") || line.startsWith("diff ") ? "-fx-font-weight: bold;"
                    : line.startsWith("+") ? "-fx-fill: #1a7f37;" : line.startsWith("-") ? "-fx-fill: #cf222e;"
                    : line.startsWith("@@") ? "-fx-fill: #0969da;" : "";
            if (!css.isEmpty()) {
                area.setStyle(i, css);
            }
        }
    }

    private static GridPane form() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        javafx.scene.layout.ColumnConstraints grow = new javafx.scene.layout.ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(), grow);
        return g;
    }

    private static VBox content(GridPane form, InlineCssTextArea text, Label status) {
        text.setPadding(new Insets(6, 8, 6, 8));
        javafx.scene.layout.StackPane framed = new javafx.scene.layout.StackPane(new VirtualizedScrollPane<>(text));
        framed.setStyle("-fx-border-color: -color-border-default; -fx-border-radius: 4; -fx-background-color: -color-bg-default;");
        VBox.setVgrow(framed, Priority.ALWAYS);
        VBox box = new VBox(10, form, framed, status);
        box.setPadding(new Insets(6));
        return box;
    }
}
