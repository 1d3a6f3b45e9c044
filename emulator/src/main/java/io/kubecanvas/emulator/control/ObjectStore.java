package io.kubecanvas.emulator.control;

import io.kubecanvas.model.ObjectKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The API server and etcd in one: objects keyed by kind, namespace and name, each write stamped with the
 * next resource version (one counter for the whole store, as etcd's revision), and watchers told of every
 * ADDED, MODIFIED and DELETED object in write order.
 *
 * <p>Bodies are immutable values (the control plane's records, or fabric8 objects that nobody mutates
 * once stored). Listing is in key order, which keeps every controller deterministic. Not thread-safe: the
 * {@link ControlPlane} serialises access.
 */
public final class ObjectStore {

    public enum EventType { ADDED, MODIFIED, DELETED }

    /** One stored object: its key, uid (kept for the object's life), last write's version and body. */
    public record Stored(ObjectKey key, String uid, long resourceVersion, long creationVersion, Object body) {
        @SuppressWarnings("unchecked")
        public <T> T as(Class<T> type) {
            return (T) body;
        }
    }

    /** What a watcher sees; for DELETED the object is the last stored state, at the deleting version. */
    public record WatchEvent(EventType type, Stored object) {
        public ObjectKey key() {
            return object.key();
        }

        public long resourceVersion() {
            return object.resourceVersion();
        }
    }

    private final Map<String, TreeMap<String, Stored>> byKind = new HashMap<>();
    private final List<Consumer<WatchEvent>> watchers = new ArrayList<>();
    private final Random uids;
    private long revision;

    public ObjectStore(long seed) {
        this.uids = new Random(seed ^ 0x5DEECE66DL);
    }

    public long resourceVersion() {
        return revision;
    }

    /** Creates or replaces an object; an unchanged body is not a write (no new version, no event). */
    public Stored put(ObjectKey key, Object body) {
        TreeMap<String, Stored> kind = byKind.computeIfAbsent(key.kind(), k -> new TreeMap<>());
        String id = id(key);
        Stored old = kind.get(id);
        if (old != null && old.body().equals(body)) {
            return old;
        }
        revision++;
        Stored now = old == null ? new Stored(key, newUid(), revision, revision, body)
                : new Stored(key, old.uid(), revision, old.creationVersion(), body);
        kind.put(id, now);
        fire(new WatchEvent(old == null ? EventType.ADDED : EventType.MODIFIED, now));
        return now;
    }

    /** Deletes an object; returns what was stored, or null when there was nothing. */
    public Stored delete(ObjectKey key) {
        TreeMap<String, Stored> kind = byKind.get(key.kind());
        Stored old = kind == null ? null : kind.remove(id(key));
        if (old == null) {
            return null;
        }
        revision++;
        fire(new WatchEvent(EventType.DELETED, new Stored(key, old.uid(), revision, old.creationVersion(), old.body())));
        return old;
    }

    public Stored get(ObjectKey key) {
        TreeMap<String, Stored> kind = byKind.get(key.kind());
        return kind == null ? null : kind.get(id(key));
    }

    public <T> T body(ObjectKey key, Class<T> type) {
        Stored s = get(key);
        return s == null ? null : type.cast(s.body());
    }

    /** Every object of a kind, in namespace/name order. */
    public Collection<Stored> list(String kind) {
        TreeMap<String, Stored> m = byKind.get(kind);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** The bodies of a kind, in namespace/name order. */
    public <T> List<T> bodies(String kind, Class<T> type) {
        TreeMap<String, Stored> m = byKind.get(kind);
        if (m == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(m.size());
        for (Stored s : m.values()) {
            out.add(type.cast(s.body()));
        }
        return out;
    }

    public int count(String kind) {
        TreeMap<String, Stored> m = byKind.get(kind);
        return m == null ? 0 : m.size();
    }

    /** Registers a watcher for every later write; returns a handle that removes it. */
    public Runnable watch(Consumer<WatchEvent> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    private void fire(WatchEvent e) {
        for (Consumer<WatchEvent> w : List.copyOf(watchers)) {
            w.accept(e);
        }
    }

    private String newUid() {
        // Version 4 layout from the seeded source, so the same seed gives the same uids.
        long hi = (uids.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (uids.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(hi, lo).toString();
    }

    private static String id(ObjectKey key) {
        return key.namespace() + "/" + key.name();
    }
}
