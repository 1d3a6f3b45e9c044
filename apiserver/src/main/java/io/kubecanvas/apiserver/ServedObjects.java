package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/**
 * The served objects with their resource versions, and the watch history: etcd's revision for the API.
 * {@link #refresh} renders the cluster ({@link ObjectRenderer}), compares each object with what was served,
 * stamps every changed object with the next resource version and tells watchers ADDED, MODIFIED or
 * DELETED in that order. Reads take an immutable {@link Snapshot} and never wait for a refresh.
 */
final class ServedObjects {
    /** How many changes are kept for watches that resume from an older resource version. */
    static final int HISTORY = 50_000;

    enum EventType { ADDED, MODIFIED, DELETED }

    /** One served object: {@code object} carries {@code metadata.resourceVersion}; {@code content} does not. */
    static final class Entry {
        final ResourceType type;
        final String namespace;
        final String name;
        final ObjectNode content;
        final ObjectNode object;
        final long rv;
        private volatile byte[] json;

        Entry(ResourceType type, ObjectNode content, long rv) {
            this.type = type;
            this.content = content;
            this.namespace = content.path("metadata").path("namespace").asText("");
            this.name = content.path("metadata").path("name").asText();
            this.rv = rv;
            this.object = content.deepCopy();
            this.object.with("metadata").put("resourceVersion", String.valueOf(rv));
        }

        private volatile String metadataText;

        /** The object's metadata as JSON text, made once (Table rows carry it). */
        String metadataText() {
            String m = metadataText;
            if (m == null) {
                try {
                    m = ObjectRenderer.MAPPER.writeValueAsString(object.path("metadata"));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                metadataText = m;
            }
            return m;
        }

        String jsonText() {
            return new String(json(), java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The object as JSON bytes, made once. */
        byte[] json() {
            byte[] j = json;
            if (j == null) {
                try {
                    j = ObjectRenderer.MAPPER.writeValueAsBytes(object);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                json = j;
            }
            return j;
        }
    }

    /** One change in resource-version order; {@code before} is null for ADDED. */
    record Change(EventType type, Entry entry, Entry before, long rv) {
    }

    /** Everything served at one resource version. */
    record Snapshot(long revision, ResourceCatalog catalog, Map<ResourceType, TreeMap<String, Entry>> byType) {
        TreeMap<String, Entry> of(ResourceType t) {
            TreeMap<String, Entry> m = byType.get(t);
            return m == null ? new TreeMap<>() : m;
        }

        Entry get(ResourceType t, String namespace, String name) {
            TreeMap<String, Entry> m = byType.get(t);
            return m == null ? null : m.get((namespace == null ? "" : namespace) + "/" + name);
        }
    }

    /** A registered watch: changes to one resource that pass its filter arrive on {@link #queue}. */
    final class Watcher implements AutoCloseable {
        final ResourceType type;
        final Predicate<Entry> filter;
        final BlockingQueue<Change> queue = new LinkedBlockingQueue<>();

        Watcher(ResourceType type, Predicate<Entry> filter) {
            this.type = type;
            this.filter = filter;
        }

        /**
         * A change as this watcher sees it: an object leaving the filter is DELETED, one entering it is
         * ADDED (as the API server does for label and field selectors); null when neither side passes.
         */
        Change view(Change c) {
            boolean now = c.type() != EventType.DELETED && filter.test(c.entry());
            boolean before = c.type() == EventType.DELETED ? filter.test(c.entry())
                    : c.before() != null && filter.test(c.before());
            if (c.type() == EventType.DELETED) {
                return before ? c : null;
            }
            if (now && before) {
                return c;
            }
            if (now) {
                return new Change(EventType.ADDED, c.entry(), null, c.rv());
            }
            if (before) {
                return new Change(EventType.DELETED, c.entry(), c.before(), c.rv());
            }
            return null;
        }

        @Override
        public void close() {
            watchers.remove(this);
        }
    }

    private final ObjectRenderer renderer;
    private volatile Snapshot snapshot = new Snapshot(0, ResourceCatalog.builtIn(), Map.of());
    private final ArrayDeque<Change> history = new ArrayDeque<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private long revision;
    private long oldestKept = 1;

    private final ServerMetadata metadata;
    private final java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();

    /** Marks a write in progress: it refreshes when done, so changes it causes need no refresh of their own. */
    void writing(boolean started) {
        if (started) {
            writes.incrementAndGet();
        } else {
            writes.decrementAndGet();
        }
    }

    boolean writeInProgress() {
        return writes.get() > 0;
    }

    ServedObjects(ServerMetadata metadata) {
        this.metadata = metadata;
        this.renderer = new ObjectRenderer(metadata);
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** What a rendering depended on: when none of it changed, neither did any object. */
    private record Inputs(Object design, long storeVersion, long events, long metadata, long tenSeconds) {
    }

    private Inputs rendered;
    /** The map each type's objects came in last time, to know an unchanged shared one. */
    private final Map<ResourceType, java.util.NavigableMap<String, ObjectNode>> renderedFrom = new java.util.HashMap<>();

    /** Renders the cluster now and publishes what changed; returns the new snapshot. */
    synchronized Snapshot refresh(ClusterAccess cluster) {
        Instant at = Instant.now();
        Inputs inputs = new Inputs(cluster.design(), cluster.controlPlane().resourceVersion(), cluster.controlPlane().eventCount(),
                metadata.stamp(), at.getEpochSecond() / 10);
        if (inputs.equals(rendered)) {
            return snapshot;
        }
        rendered = inputs;
        ObjectRenderer.Objects fresh = renderer.render(cluster, at);
        Snapshot old = snapshot;
        Map<ResourceType, TreeMap<String, Entry>> next = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        for (ResourceType t : fresh.catalog().all()) {
            java.util.NavigableMap<String, ObjectNode> objs = fresh.of(t);
            TreeMap<String, Entry> before = old.of(t);
            if (fresh.unchanged(t, renderedFrom.get(t)) && !before.isEmpty()) {
                next.put(t, before); // the same objects as last time (events between writes that made none)
                continue;
            }
            TreeMap<String, Entry> now = changed(t, objs, before, changes);
            if (!now.isEmpty()) {
                next.put(t, now);
            }
        }
        // Resources of a CustomResourceDefinition that left: their objects go too.
        for (Map.Entry<ResourceType, TreeMap<String, Entry>> e : old.byType().entrySet()) {
            if (!fresh.catalog().all().contains(e.getKey())) {
                for (Entry gone : e.getValue().values()) {
                    changes.add(new Change(EventType.DELETED, new Entry(e.getKey(), gone.content, ++revision), gone, revision));
                }
            }
        }
        renderedFrom.clear();
        fresh.catalog().all().forEach(t -> renderedFrom.put(t, fresh.of(t)));
        Snapshot s = new Snapshot(revision, fresh.catalog(), Collections.unmodifiableMap(next));
        snapshot = s;
        for (Change c : changes) {
            history.addLast(c);
            for (Watcher w : watchers) {
                if (w.type.equals(c.entry().type)) {
                    w.queue.add(c);
                }
            }
        }
        while (history.size() > HISTORY) {
            oldestKept = history.removeFirst().rv() + 1;
        }
        return s;
    }

    /**
     * The served objects of one resource after a rendering: {@code before} itself when no object changed, else a
     * copy of it (linear, no comparisons: it is sorted) with the changed ones replaced, stamped and recorded in
     * {@code changes}. Both maps are sorted by the same keys, so one walk over both finds the differences: a write
     * among 200 ConfigMaps builds no map of 200 entries one insertion at a time.
     */
    private TreeMap<String, Entry> changed(ResourceType t, java.util.NavigableMap<String, ObjectNode> objs, TreeMap<String, Entry> before,
                                           List<Change> changes) {
        List<Map.Entry<String, ObjectNode>> put = new ArrayList<>();
        List<Map.Entry<String, Entry>> removed = new ArrayList<>();
        var fresh = objs.entrySet().iterator();
        var old = before.entrySet().iterator();
        Map.Entry<String, ObjectNode> f = fresh.hasNext() ? fresh.next() : null;
        Map.Entry<String, Entry> o = old.hasNext() ? old.next() : null;
        while (f != null || o != null) {
            int c = f == null ? 1 : o == null ? -1 : f.getKey().compareTo(o.getKey());
            if (c == 0) {
                Entry prev = o.getValue();
                if (prev.content != f.getValue() && !prev.content.equals(f.getValue())) {
                    put.add(f);
                }
                f = fresh.hasNext() ? fresh.next() : null;
                o = old.hasNext() ? old.next() : null;
            } else if (c < 0) {
                put.add(f); // added
                f = fresh.hasNext() ? fresh.next() : null;
            } else {
                removed.add(o);
                o = old.hasNext() ? old.next() : null;
            }
        }
        if (put.isEmpty() && removed.isEmpty()) {
            return before;
        }
        TreeMap<String, Entry> now = new TreeMap<>(before);
        for (Map.Entry<String, ObjectNode> e : put) {
            Entry prev = before.get(e.getKey());
            Entry entry = new Entry(t, e.getValue(), ++revision);
            now.put(e.getKey(), entry);
            changes.add(new Change(prev == null ? EventType.ADDED : EventType.MODIFIED, entry, prev, revision));
        }
        for (Map.Entry<String, Entry> gone : removed) {
            now.remove(gone.getKey());
            changes.add(new Change(EventType.DELETED, new Entry(t, gone.getValue().content, ++revision), gone.getValue(), revision));
        }
        return now;
    }

    /**
     * Starts a watch of {@code type} from resource version {@code from}: every later change that passes the
     * filter. Returns null when {@code from} is older than the kept history (the client must list again:
     * 410 Gone).
     */
    synchronized Watcher watch(ResourceType type, long from, Predicate<Entry> filter) {
        if (from + 1 < oldestKept) {
            return null;
        }
        Watcher w = new Watcher(type, filter);
        for (Change c : history) {
            if (c.rv() > from && c.entry().type.equals(type)) {
                w.queue.add(c);
            }
        }
        watchers.add(w);
        return w;
    }

    /** A watch from now, with the snapshot it starts from (for the initial ADDED events of a watch from "0"). */
    record Start(Snapshot snapshot, Watcher watcher) {
    }

    synchronized Start watchFromNow(ResourceType type, Predicate<Entry> filter) {
        Watcher w = new Watcher(type, filter);
        watchers.add(w);
        return new Start(snapshot, w);
    }

    int watcherCount() {
        return watchers.size();
    }
}
