package io.kubecanvas.yamleditor;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Circle;
import javafx.stage.Popup;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.event.MouseOverTextEvent;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.fxmisc.richtext.util.UndoUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A YAML code editor: highlighting, line numbers, diagnostics (wavy underline, a gutter marker with the
 * message as tooltip, the message on hover over the text), auto-indent on Return ({@link YamlIndent}),
 * spaces for Tab, and programmatic selection.
 *
 * <p>Text set by the program ({@link #setText}) never reports back as a user edit: only typing does,
 * through {@link #setOnTextEdited}, which keeps a two-way binding with a document free of loops.
 */
public final class YamlEditor extends StackPane {
    public static final String STYLE_CLASS = "yaml-editor";

    private final CodeArea area = new CodeArea();
    private final IntFunction<Node> lineNumbers = LineNumberFactory.get(area);
    private final Popup hover = new Popup();
    private final Label hoverLabel = new Label();
    private List<Diagnostic> diagnostics = List.of();
    private java.util.Map<Integer, List<Diagnostic>> byLine = java.util.Map.of();
    private Consumer<String> onTextEdited = t -> { };
    private IntConsumer onCaretLine = l -> { };
    private boolean programmatic;

    public YamlEditor() {
        getStyleClass().add(STYLE_CLASS);
        getStylesheets().add(YamlEditor.class.getResource("yaml-editor.css").toExternalForm());
        area.getStyleClass().add("yaml-code");
        area.setParagraphGraphicFactory(this::gutter);
        area.setWrapText(false);
        getChildren().add(new VirtualizedScrollPane<>(area));

        area.textProperty().addListener((obs, old, text) -> {
            restyle();
            if (!programmatic) {
                onTextEdited.accept(text);
            }
        });
        area.currentParagraphProperty().addListener((obs, old, p) -> {
            if (!programmatic) {
                onCaretLine.accept(p + 1);
            }
        });

        hoverLabel.getStyleClass().add("yaml-hover");
        hover.getContent().add(hoverLabel);
        area.setMouseOverTextDelay(Duration.ofMillis(350));
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN, e -> {
            Diagnostic d = diagnosticAt(e.getCharacterIndex());
            if (d != null) {
                hoverLabel.setText(d.level() + ": " + d.message());
                hover.show(area, e.getScreenPosition().getX() + 8, e.getScreenPosition().getY() + 12);
            }
        });
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, e -> hover.hide());

        // Return keeps the indentation (and adds a step after "key:"); Tab inserts spaces, as YAML needs.
        area.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            boolean plain = !e.isControlDown() && !e.isAltDown() && !e.isMetaDown() && !e.isShortcutDown();
            if (plain && e.getCode() == KeyCode.ENTER && !e.isShiftDown()) {
                int start = area.getSelection().getStart();
                int lineStart = area.getText().lastIndexOf('\n', start - 1) + 1;
                area.replaceSelection("\n" + YamlIndent.afterReturn(area.getText(lineStart, start)));
                area.requestFollowCaret();
                e.consume();
            } else if (plain && e.getCode() == KeyCode.TAB && !e.isShiftDown()) {
                area.replaceSelection(" ".repeat(YamlIndent.STEP));
                e.consume();
            }
        });
    }

    /** The underlying RichTextFX area (tests type into it; the app adds key bindings). */
    public CodeArea codeArea() {
        return area;
    }

    public String getText() {
        return area.getText();
    }

    /**
     * Replaces the text without reporting a user edit. Only the part that differs is replaced, so the
     * caret and the scroll position stay where the user had them.
     */
    public void setText(String text) {
        String old = area.getText();
        if (old.equals(text)) {
            return;
        }
        int prefix = 0;
        int max = Math.min(old.length(), text.length());
        while (prefix < max && old.charAt(prefix) == text.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix && old.charAt(old.length() - 1 - suffix) == text.charAt(text.length() - 1 - suffix)) {
            suffix++;
        }
        int oldEnd = old.length() - suffix;
        int delta = text.length() - old.length();
        int anchor = shift(area.getAnchor(), prefix, oldEnd, delta);
        int caret = shift(area.getCaretPosition(), prefix, oldEnd, delta);
        double scrollY = area.getEstimatedScrollY();
        programmatic = true;
        try {
            area.replaceText(prefix, oldEnd, text.substring(prefix, text.length() - suffix));
            if (old.isEmpty()) {
                area.moveTo(0);
                area.getUndoManager().forgetHistory();
            } else {
                area.selectRange(anchor, caret);
                area.estimatedScrollYProperty().setValue(scrollY);
            }
        } finally {
            programmatic = false;
        }
    }

    /** Where an offset goes when [from, to) is replaced by text {@code delta} characters longer. */
    private static int shift(int offset, int from, int to, int delta) {
        if (offset >= to) {
            return offset + delta;
        }
        return Math.min(offset, Math.max(from, to + delta));
    }

    /**
     * Hands undo and redo (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y) to the document that owns the text: the editor then
     * keeps no text history of its own, so an undo never has two meanings.
     */
    public void setUndoRedo(Runnable undo, Runnable redo) {
        KeyCombination z = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
        KeyCombination shiftZ = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
        KeyCombination y = new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN);
        area.setUndoManager(UndoUtils.noOpUndoManager());
        area.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (z.match(e)) {
                undo.run();
                e.consume();
            } else if (shiftZ.match(e) || y.match(e)) {
                redo.run();
                e.consume();
            }
        });
    }

    /** Called with the whole text after each edit the user makes (typing, paste, cut). */
    public void setOnTextEdited(Consumer<String> handler) {
        onTextEdited = handler == null ? t -> { } : handler;
    }

    /** Called with the 1-based line when the user moves the caret to another line. */
    public void setOnCaretLine(IntConsumer handler) {
        onCaretLine = handler == null ? l -> { } : handler;
    }

    public List<Diagnostic> getDiagnostics() {
        return diagnostics;
    }

    public void setDiagnostics(List<Diagnostic> list) {
        diagnostics = List.copyOf(list);
        java.util.Map<Integer, List<Diagnostic>> lines = new java.util.HashMap<>();
        for (Diagnostic d : diagnostics) {
            lines.computeIfAbsent(d.line(), k -> new ArrayList<>()).add(d);
        }
        byLine = lines;
        restyle();
        area.setParagraphGraphicFactory(this::gutter);
    }

    /** Selects whole lines {@code from..to} (1-based, inclusive) and scrolls them into view. */
    public void selectLines(int from, int to) {
        int paragraphs = area.getParagraphs().size();
        int a = clamp(from - 1, paragraphs);
        int b = clamp(to - 1, paragraphs);
        programmatic = true;
        try {
            area.selectRange(a, 0, b, area.getParagraphLength(b));
            area.showParagraphAtTop(Math.max(0, a - 1));
        } finally {
            programmatic = false;
        }
    }

    /** Moves the caret to a 1-based line and column and scrolls there (the focus stays where it is). */
    public void jumpTo(int line, int column) {
        int paragraphs = area.getParagraphs().size();
        int p = clamp(line - 1, paragraphs);
        int c = Math.max(0, Math.min(column - 1, area.getParagraphLength(p)));
        programmatic = true;
        try {
            area.moveTo(p, c);
            area.showParagraphAtTop(Math.max(0, p - 3));
        } finally {
            programmatic = false;
        }
    }

    /** The 1-based caret line. */
    public int caretLine() {
        return area.getCurrentParagraph() + 1;
    }

    /** Switches the colours for a dark background. */
    public void setDark(boolean dark) {
        if (dark && !getStyleClass().contains("dark")) {
            getStyleClass().add("dark");
        } else if (!dark) {
            getStyleClass().remove("dark");
        }
    }

    /** The diagnostic shown at a character offset, or null. */
    public Diagnostic diagnosticAt(int offset) {
        String text = area.getText();
        int[] starts = lineStarts(text);
        Diagnostic best = null;
        for (Diagnostic d : diagnostics) {
            int[] r = range(text, starts, d);
            if (r != null && offset >= r[0] && offset <= r[1] && (best == null || d.rank() > best.rank())) {
                best = d;
            }
        }
        return best;
    }

    /** The CSS classes at a character offset (tests check highlighting and underlines through this). */
    public Collection<String> stylesAt(int offset) {
        return area.getStyleOfChar(offset);
    }

    // ---- styling ----------------------------------------------------------------------------

    private void restyle() {
        String text = area.getText();
        if (text.isEmpty()) {
            return;
        }
        StyleSpansBuilder<Collection<String>> syntax = new StyleSpansBuilder<>();
        for (YamlHighlighter.Run run : YamlHighlighter.highlight(text)) {
            syntax.add(run.style().isEmpty() ? List.of() : List.of(run.style()), run.length());
        }
        StyleSpans<Collection<String>> spans = syntax.create();
        if (!diagnostics.isEmpty()) {
            spans = spans.overlay(diagnosticSpans(text), (a, b) -> {
                if (b.isEmpty()) {
                    return a;
                }
                Set<String> all = new HashSet<>(a);
                all.addAll(b);
                return all;
            });
        }
        area.setStyleSpans(0, spans);
    }

    private StyleSpans<Collection<String>> diagnosticSpans(String text) {
        int[] lineStarts = lineStarts(text);
        List<int[]> ranges = new ArrayList<>();
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(Comparator.comparingInt(Diagnostic::rank).reversed());
        List<String> classes = new ArrayList<>();
        for (Diagnostic d : sorted) {
            int[] r = range(text, lineStarts, d);
            if (r != null) {
                ranges.add(r);
                classes.add("diag-" + d.level());
            }
        }
        // Non-overlapping runs, the most severe first wins: paint into a per-character class array.
        String[] at = new String[text.length()];
        for (int i = 0; i < ranges.size(); i++) {
            int[] r = ranges.get(i);
            for (int c = r[0]; c < r[1] && c < at.length; c++) {
                if (at[c] == null) {
                    at[c] = classes.get(i);
                }
            }
        }
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int i = 0;
        while (i < at.length) {
            int j = i;
            while (j < at.length && java.util.Objects.equals(at[j], at[i])) {
                j++;
            }
            b.add(at[i] == null ? List.of() : List.of(at[i]), j - i);
            i = j;
        }
        return b.create();
    }

    /** Offsets where each line starts (index 0 is line 1). */
    static int[] lineStarts(String text) {
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        int[] starts = new int[n];
        int l = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[l++] = i + 1;
            }
        }
        return starts;
    }

    static int[] range(String text, Diagnostic d) {
        return range(text, lineStarts(text), d);
    }

    /** The character range a diagnostic underlines: from its column to the end of the line's content. */
    static int[] range(String text, int[] lineStarts, Diagnostic d) {
        if (d.line() < 1 || d.line() > lineStarts.length) {
            return null;
        }
        int lineStart = lineStarts[d.line() - 1];
        int lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0) {
            lineEnd = text.length();
        }
        int from = d.column() > 0 ? Math.min(lineStart + d.column() - 1, lineEnd) : lineStart;
        while (d.column() <= 0 && from < lineEnd && text.charAt(from) == ' ') {
            from++;
        }
        int to = lineEnd;
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (to == from) {
            // An empty line or end of text: mark one character before, so the mark can be seen.
            from = Math.max(0, Math.min(from, text.length() - 1));
            to = Math.min(text.length(), from + 1);
        }
        return new int[]{from, to};
    }

    private Node gutter(int paragraph) {
        Node number = lineNumbers.apply(paragraph);
        Diagnostic worst = null;
        StringBuilder messages = new StringBuilder();
        for (Diagnostic d : byLine.getOrDefault(paragraph + 1, List.of())) {
            {
                if (worst == null || d.rank() > worst.rank()) {
                    worst = d;
                }
                if (messages.length() > 0) {
                    messages.append('\n');
                }
                messages.append(d.level()).append(": ").append(d.message());
            }
        }
        StackPane marker = new StackPane();
        marker.setMinWidth(14);
        marker.setPrefWidth(14);
        if (worst != null) {
            Circle dot = new Circle(4);
            dot.getStyleClass().addAll("gutter-marker", "gutter-" + worst.level());
            marker.getChildren().add(dot);
            Tooltip.install(marker, new Tooltip(messages.toString()));
        }
        HBox box = new HBox(marker, number);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static int clamp(int p, int size) {
        return Math.max(0, Math.min(p, size - 1));
    }
}
