package io.kubecanvas.remote;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.kubecanvas.model.ObjectKey;

import java.util.List;

/**
 * What an apply does (or would do) to one object: the object as it is live and as it is after the apply,
 * both as YAML without the fields the server rewrites on every write.
 *
 * @param before the live object's YAML, or null when it does not exist
 * @param after  the object after the apply, or null when it is pruned or the apply failed
 * @param error  why the apply failed, or null
 */
public record ObjectChange(String apiVersion, ObjectKey key, Action action, String before, String after, String error) {

    public enum Action {
        CREATE("created"), UPDATE("configured"), UNCHANGED("unchanged"), DELETE("pruned"), FAILED("failed");

        private final String past;

        Action(String past) {
            this.past = past;
        }

        /** The word kubectl prints after an object: created, configured, unchanged, pruned. */
        public String past() {
            return past;
        }
    }

    public static ObjectChange of(String apiVersion, ObjectKey key, String before, String after) {
        Action a = before == null ? Action.CREATE : after == null ? Action.DELETE
                : before.equals(after) ? Action.UNCHANGED : Action.UPDATE;
        return new ObjectChange(apiVersion, key, a, before, after, null);
    }

    public static ObjectChange failed(String apiVersion, ObjectKey key, String error) {
        return new ObjectChange(apiVersion, key, Action.FAILED, null, null, error);
    }

    public boolean changes() {
        return action == Action.CREATE || action == Action.UPDATE || action == Action.DELETE;
    }

    /** {@code deployment.apps/web} in namespace {@code default}: the name kubectl prints. */
    public String displayName() {
        String group = apiVersion == null || !apiVersion.contains("/") ? "" : "." + apiVersion.substring(0, apiVersion.indexOf('/'));
        return key.kind().toLowerCase() + group + "/" + key.name();
    }

    /** The file name kubectl diff gives the object: {@code apps.v1.Deployment.default.web}. */
    public String fileName() {
        String gv = apiVersion == null ? "" : apiVersion.replace('/', '.') + ".";
        return gv + key.kind() + (key.namespace().isEmpty() ? "" : "." + key.namespace()) + "." + key.name();
    }

    /** A unified diff from the live object to the applied one (empty when nothing changes). */
    public String unifiedDiff() {
        if (!changes()) {
            return "";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        String from = before == null ? "/dev/null" : "live/" + fileName();
        String to = after == null ? "/dev/null" : "merged/" + fileName();
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff(from, to, a, DiffUtils.diff(a, b), 3);
        StringBuilder s = new StringBuilder("diff -u -N live/" + fileName() + " merged/" + fileName() + "\n");
        out.forEach(l -> s.append(l).append('\n'));
        return s.toString();
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\n", -1)).subList(0, text.endsWith("\n") ? text.split("\n", -1).length - 1 : text.split("\n", -1).length);
    }
}
