package io.kubecanvas.app.ui.lessons;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little Markdown lesson texts use, as JavaFX nodes: paragraphs, "- " bullets, fenced code blocks, and
 * inline {@code **bold**} and {@code `code`}. Anything else is shown as written.
 */
final class MarkdownText {
    private static final Pattern INLINE = Pattern.compile("\\*\\*(.+?)\\*\\*|`([^`]+)`");

    private MarkdownText() {
    }

    static VBox render(String markdown, double width) {
        VBox box = new VBox(6);
        box.getStyleClass().add("lesson-text");
        List<String> paragraph = new ArrayList<>();
        StringBuilder code = null;
        for (String line : (markdown == null ? "" : markdown).split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                if (code == null) {
                    flush(box, paragraph, width);
                    code = new StringBuilder();
                } else {
                    box.getChildren().add(codeBlock(code.toString()));
                    code = null;
                }
                continue;
            }
            if (code != null) {
                code.append(code.length() == 0 ? "" : "\n").append(line);
            } else if (line.isBlank()) {
                flush(box, paragraph, width);
            } else if (line.stripLeading().startsWith("- ")) {
                flush(box, paragraph, width);
                paragraph.add("\u2022 " + line.stripLeading().substring(2));
                flush(box, paragraph, width);
            } else {
                paragraph.add(line.strip());
            }
        }
        if (code != null) {
            box.getChildren().add(codeBlock(code.toString()));
        }
        flush(box, paragraph, width);
        return box;
    }

    private static void flush(VBox box, List<String> lines, double width) {
        if (lines.isEmpty()) {
            return;
        }
        box.getChildren().add(inline(String.join(" ", lines), width));
        lines.clear();
    }

    static TextFlow inline(String text, double width) {
        TextFlow flow = new TextFlow();
        flow.setPrefWidth(width);
        flow.setMaxWidth(width);
        Matcher m = INLINE.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                flow.getChildren().add(plain(text.substring(at, m.start())));
            }
            Text t = new Text(m.group(1) != null ? m.group(1) : m.group(2));
            if (m.group(1) != null) {
                t.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, Font.getDefault().getSize()));
            } else {
                t.setFont(Font.font("monospace", Font.getDefault().getSize() - 0.5));
                t.setStyle("-fx-fill: #6a1b9a;");
            }
            t.getStyleClass().add("lesson-inline");
            flow.getChildren().add(t);
            at = m.end();
        }
        if (at < text.length()) {
            flow.getChildren().add(plain(text.substring(at)));
        }
        return flow;
    }

    private static Text plain(String s) {
        Text t = new Text(s);
        t.getStyleClass().add("lesson-inline");
        return t;
    }

    private static Node codeBlock(String code) {
        Label l = new Label(code);
        l.setStyle("-fx-font-family: monospace; -fx-font-size: 11px; -fx-background-color: #f3f1f8; -fx-padding: 6;"
                + " -fx-background-radius: 4;");
        l.setMaxWidth(Double.MAX_VALUE);
        l.getStyleClass().add("lesson-code");
        return l;
    }
}
