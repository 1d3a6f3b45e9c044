package io.kubecanvas.app.ui.yaml;

import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.app.ui.document.Elements;
import io.kubecanvas.model.ClusterDocument;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignDocument;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.model.validate.Severity;
import io.kubecanvas.model.yaml.YamlException;
import io.kubecanvas.yamleditor.Diagnostic;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The YAML text of the open design and its link to the design. The text shows the Kubernetes objects
 * (the manifests); the Cluster document (nodes, layout) is kept aside and carried into every design the
 * text makes, so typing never loses the canvas layout.
 */
public final class YamlPaneModel {
    public static final String SOURCE_NAME = "<editor>";

    private final DesignSession session;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<YamlException> error = new ReadOnlyObjectWrapper<>();
    private List<Finding> findings = List.of();
    /** The current text as parsed: where each object and path stands in it. Null while the text is invalid. */
    private Design parsed;
    private int[] starts = new int[0];

    public YamlPaneModel(DesignSession session) {
        this.session = session;
        session.designProperty().addListener((o, a, d) -> designChanged(d));
        designChanged(session.design());
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public String text() {
        return text.get();
    }

    /** The error of the text as typed, or null while it parses. */
    public ReadOnlyObjectProperty<YamlException> errorProperty() {
        return error.getReadOnlyProperty();
    }

    public YamlException error() {
        return error.get();
    }

    private void designChanged(Design d) {
        if (session.lastOrigin() == DesignSession.Origin.TEXT) {
            return; // the text is already what the user typed
        }
        String t = d.toManifestYaml();
        index(t);
        error.set(null);
        text.set(t);
    }

    /**
     * The user changed the text (called after the debounce). Text that parses becomes one undoable
     * command; text that does not is kept as typed and its error is marked, the design stays as it was.
     */
    public void textEdited(String newText) {
        text.set(newText);
        Design fromText;
        try {
            fromText = DesignIO.parse(SOURCE_NAME, newText);
        } catch (YamlException e) {
            parsed = null;
            error.set(e);
            return;
        }
        error.set(null);
        index(newText, fromText);
        session.applyText(withClusterOf(fromText, session.design()));
    }

    /** The documents of the text with the current design's Cluster document (unless the text has its own). */
    static Design withClusterOf(Design fromText, Design current) {
        if (fromText.hasClusterDocument()) {
            return fromText;
        }
        List<DesignDocument> docs = new ArrayList<>(fromText.documents());
        boolean added = false;
        for (DesignDocument d : current.documents()) {
            if (d instanceof ClusterDocument) {
                docs.add(d);
                added = true;
            }
        }
        Design out = Design.of(docs);
        return added ? out : out.withCluster(current.cluster());
    }

    /** Above this many objects the text is not parsed again for positions: lines come from the documents. */
    static final int PARSE_LIMIT = 300;

    private void index(String t) {
        Design d = session.design();
        if (d.objects().size() > PARSE_LIMIT) {
            // Large designs: object lines from the documents themselves (the text is their join); findings are
            // then placed at their object's first line rather than at the field.
            List<DesignDocument> docs = d.documents().stream().filter(x -> !(x instanceof ClusterDocument)).toList();
            parsed = Design.of(docs);
            starts = new int[docs.size() + 1];
            int line = 1;
            for (int i = 0; i < docs.size(); i++) {
                String text = docs.get(i).text();
                if (i > 0 && !startsWithSeparator(text)) {
                    line++;
                }
                starts[i] = line;
                line += count(text);
            }
            starts[docs.size()] = line;
            return;
        }
        try {
            index(t, DesignIO.parse(SOURCE_NAME, t));
        } catch (YamlException e) {
            parsed = null; // cannot happen for text the writer made; positions are then unknown
        }
    }

    /** As {@code Design.join} decides it: the first line that is not blank or a comment is {@code ---}. */
    private static boolean startsWithSeparator(String text) {
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            return l.equals("---") || l.startsWith("--- ") || l.startsWith("---\t");
        }
        return false;
    }

    private void index(String t, Design d) {
        parsed = d;
        List<DesignDocument> docs = d.documents();
        starts = new int[docs.size() + 1];
        int line = 1;
        for (int i = 0; i < docs.size(); i++) {
            starts[i] = line;
            line += count(docs.get(i).text());
        }
        starts[docs.size()] = line;
    }

    private static int count(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return s.isEmpty() || s.endsWith("\n") ? n : n + 1;
    }

    /** The lines (1-based, inclusive) holding an element's object, or null. */
    public int[] linesOf(String id) {
        if (parsed == null || Elements.isNode(id)) {
            return null;
        }
        List<DesignDocument> docs = parsed.documents();
        for (int i = 0; i < docs.size(); i++) {
            if (docs.get(i) instanceof KubeObject o && Elements.of(o).equals(id)) {
                SourcePosition p = o.position("");
                int from = p.isKnown() ? p.line() : starts[i];
                int to = Math.max(from, starts[i + 1] - 1);
                return new int[]{from, to};
            }
        }
        return null;
    }

    /** The element whose object holds a line, or null. */
    public String elementAtLine(int line) {
        if (parsed == null) {
            return null;
        }
        List<DesignDocument> docs = parsed.documents();
        for (int i = 0; i < docs.size(); i++) {
            if (line >= starts[i] && line < starts[i + 1] && docs.get(i) instanceof KubeObject o && o.name() != null) {
                return Elements.of(o);
            }
        }
        return null;
    }

    /** Where a finding stands in the current text, or null when it cannot be placed. */
    public SourcePosition positionOf(Finding f) {
        if (parsed != null && f.subject() != null) {
            KubeObject o = parsed.find(f.subject());
            if (o != null) {
                SourcePosition p = o.position(f.path() == null ? "" : f.path());
                if (p.isKnown()) {
                    return p;
                }
            }
        }
        return f.position() != null && f.position().isKnown() && SOURCE_NAME.equals(f.position().file())
                ? f.position() : null;
    }

    public void setFindings(List<Finding> list) {
        findings = List.copyOf(list);
    }

    /** What the editor marks: the parse error, or else the findings placed in the text. */
    public List<Diagnostic> diagnostics() {
        List<Diagnostic> out = new ArrayList<>();
        YamlException e = error.get();
        if (e != null) {
            SourcePosition p = e.position();
            out.add(new Diagnostic(Math.max(1, p.line()), p.column(), Diagnostic.ERROR, e.getMessage()));
            return out;
        }
        for (Finding f : findings) {
            SourcePosition p = positionOf(f);
            if (p != null) {
                out.add(new Diagnostic(p.line(), p.column(), level(f.severity()), f.message() + " [" + f.rule() + "]"));
            }
        }
        return out;
    }

    static String level(Severity s) {
        return switch (s) {
            case ERROR -> Diagnostic.ERROR;
            case WARNING -> Diagnostic.WARNING;
            case INFO -> Diagnostic.INFO;
        };
    }
}
