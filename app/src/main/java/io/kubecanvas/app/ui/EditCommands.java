package io.kubecanvas.app.ui;

import io.kubecanvas.app.ui.canvas.CanvasView;
import io.kubecanvas.app.ui.canvas.ClusterPicture;
import io.kubecanvas.app.ui.document.DesignSession;
import io.kubecanvas.app.ui.document.Elements;
import io.kubecanvas.app.ui.edit.DesignEdits;
import io.kubecanvas.model.Cluster.Point;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignDocument;
import io.kubecanvas.model.KubeObject;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The Edit menu's commands on the selection: copy, paste, duplicate, delete, select all, auto-layout. */
public final class EditCommands {
    private final DesignSession session;
    private final CanvasView canvas;
    private final Consumer<String> status;
    private List<KubeObject> clipboard = List.of();

    EditCommands(DesignSession session, CanvasView canvas, Consumer<String> status) {
        this.session = session;
        this.canvas = canvas;
        this.status = status;
    }

    /** Copies the selected objects (also to the system clipboard, as YAML). */
    public void copy() {
        List<KubeObject> objs = new ArrayList<>();
        for (String id : session.selection()) {
            KubeObject o = Elements.object(session.design(), id);
            if (o != null) {
                objs.add(o);
            }
        }
        clipboard = List.copyOf(objs);
        if (!objs.isEmpty()) {
            ClipboardContent c = new ClipboardContent();
            c.putString(Design.join(objs.stream().map(o -> (DesignDocument) KubeObject.of(o.tree())).toList()));
            Clipboard.getSystemClipboard().setContent(c);
            status.accept("Copied " + objs.size() + (objs.size() == 1 ? " object" : " objects"));
        }
    }

    /** Pastes what was copied, beside the originals and renamed where a name is taken: one command. */
    public void paste() {
        if (clipboard.isEmpty()) {
            return;
        }
        Map<String, Point> at = new HashMap<>();
        for (KubeObject o : clipboard) {
            ClusterPicture.Box b = canvas.picture().box(Elements.of(o));
            if (b != null) {
                at.put(Elements.of(o), new Point(b.x(), b.y()));
            }
        }
        DesignEdits.Result[] r = new DesignEdits.Result[1];
        session.edit("Paste " + clipboard.size() + (clipboard.size() == 1 ? " object" : " objects"), d -> {
            r[0] = DesignEdits.paste(d, clipboard, at, new Point(40, 40));
            return r[0].design();
        });
        session.select(r[0].ids());
    }

    public void duplicate() {
        copy();
        paste();
    }

    public void deleteSelection() {
        List<String> ids = new ArrayList<>(session.selection());
        if (!ids.isEmpty()) {
            session.edit("Delete " + (ids.size() == 1 ? ids.get(0) : ids.size() + " elements"), d -> DesignEdits.delete(d, ids));
        }
    }

    public void selectAll() {
        List<String> ids = new ArrayList<>();
        session.design().cluster().nodes().forEach(n -> ids.add(Elements.node(n.name())));
        session.design().objects().stream().filter(o -> o.name() != null).forEach(o -> ids.add(Elements.of(o)));
        session.select(ids);
    }

    public void autoLayout() {
        session.edit("Auto-layout", DesignEdits::autoLayout);
        canvas.fit();
    }
}
