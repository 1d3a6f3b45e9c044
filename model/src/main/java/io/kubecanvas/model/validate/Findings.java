package io.kubecanvas.model.validate;

import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.ObjectKey;
import io.kubecanvas.model.SourcePosition;

import java.util.ArrayList;
import java.util.List;

/** Collects the findings of one validation run; rules add to it with the object and path concerned. */
final class Findings {
    final List<Finding> list = new ArrayList<>();
    /** The items of lists in this run: a fix found on one edits it inside its list. */
    private final ListItems items;

    Findings() {
        this(null);
    }

    Findings(ListItems items) {
        this.items = items;
    }

    void add(Rule rule, KubeObject object, String path, String message) {
        add(rule, rule.severity(), object, path, message, null);
    }

    void add(Rule rule, KubeObject object, String path, String message, QuickFix fix) {
        add(rule, rule.severity(), object, path, message, fix);
    }

    void add(Rule rule, Severity severity, KubeObject object, String path, String message, QuickFix fix) {
        if (fix != null && items != null && !items.isEmpty()) {
            ListItems.Item item = items.itemOf(object);
            if (item != null) {
                fix = ListItems.inList(fix, item, object);
            }
        }
        list.add(new Finding(rule.id(), severity, object.position(path), message, keyOf(object), path, fix));
    }

    /** The object's key; objects without kind or name (which are findings themselves) get empty parts. */
    static ObjectKey keyOf(KubeObject o) {
        Object kind = o.tree().get("kind");
        String name = Tree.name(o);
        return new ObjectKey(kind == null ? "" : String.valueOf(kind), Tree.namespace(o), name == null ? "" : name);
    }

    void add(Rule rule, SourcePosition position, String message) {
        list.add(new Finding(rule.id(), rule.severity(), position, message, null, "", null));
    }
}
