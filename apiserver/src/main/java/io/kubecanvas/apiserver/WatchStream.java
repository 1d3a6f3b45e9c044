package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One watch: the events of a resource from a resource version (or, from "0" or with
 * {@code sendInitialEvents}, every current object as ADDED first), then each change as it is served, with
 * BOOKMARK events when asked and an end after {@code timeoutSeconds}. The same stream goes out as
 * newline-separated JSON over HTTP or as one WebSocket message per event.
 */
final class WatchStream implements AutoCloseable {
    static final long BOOKMARK_EVERY_MS = 15_000;

    /** Where the events go. */
    interface Sink {
        void send(byte[] event) throws IOException;

        void flush() throws IOException;

        boolean gone();
    }

    private final ServedObjects served;
    private final ResourceType type;
    private final ServedObjects.Watcher watcher;
    private final List<ServedObjects.Change> first;
    private final long startRv;
    private final boolean initialEnd;
    private final boolean bookmarks;
    private final long timeoutSeconds;
    private final boolean table;
    private final String includeObject;

    private WatchStream(ServedObjects served, ResourceType type, ServedObjects.Watcher watcher, List<ServedObjects.Change> first,
                        long startRv, boolean initialEnd, boolean bookmarks, long timeoutSeconds, boolean table, String includeObject) {
        this.served = served;
        this.type = type;
        this.watcher = watcher;
        this.first = first;
        this.startRv = startRv;
        this.initialEnd = initialEnd;
        this.bookmarks = bookmarks;
        this.timeoutSeconds = timeoutSeconds;
        this.table = table;
        this.includeObject = includeObject;
    }

    /**
     * Registers the watch now (so nothing that happens before the first event is sent is missed).
     *
     * @throws ApiException 410 Expired when {@code resourceVersion} is older than the kept history
     */
    static WatchStream open(ServedObjects served, ResourceType t, Predicate<ServedObjects.Entry> f, String rvText,
                            boolean sendInitialEvents, boolean bookmarks, long timeoutSeconds, boolean table, String includeObject) {
        boolean initial = rvText == null || rvText.isEmpty() || rvText.equals("0") || sendInitialEvents;
        List<ServedObjects.Change> first = new ArrayList<>();
        if (initial) {
            ServedObjects.Start start = served.watchFromNow(t, f);
            for (ServedObjects.Entry e : start.snapshot().of(t).values()) {
                if (f.test(e)) {
                    first.add(new ServedObjects.Change(ServedObjects.EventType.ADDED, e, null, e.rv));
                }
            }
            return new WatchStream(served, t, start.watcher(), first, start.snapshot().revision(), sendInitialEvents && bookmarks,
                    bookmarks, timeoutSeconds, table, includeObject);
        }
        long from;
        try {
            from = Long.parseLong(rvText);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resource version: " + rvText);
        }
        ServedObjects.Watcher w = served.watch(t, from, f);
        if (w == null) {
            throw new ApiException(410, "Expired", "too old resource version: " + from + " (" + served.snapshot().revision() + ")",
                    null, null, null, List.of());
        }
        return new WatchStream(served, t, w, first, from, false, bookmarks, timeoutSeconds, table, includeObject);
    }

    /** Sends until the timeout, the client leaves, or the sink fails. */
    void run(Sink sink) throws IOException {
        try (watcher) {
            boolean[] columns = {true};
            long lastRv = startRv;
            for (ServedObjects.Change c : first) {
                sink.send(event(c, columns));
                lastRv = Math.max(lastRv, c.rv());
            }
            if (initialEnd) {
                sink.send(bookmark(startRv, true));
            }
            sink.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            long nextBookmark = System.currentTimeMillis() + BOOKMARK_EVERY_MS;
            while (!sink.gone() && System.nanoTime() < deadline) {
                ServedObjects.Change c;
                try {
                    c = watcher.queue.poll(500, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (c == null) {
                    if (bookmarks && System.currentTimeMillis() >= nextBookmark) {
                        sink.send(bookmark(Math.max(lastRv, served.snapshot().revision()), false));
                        sink.flush();
                        nextBookmark = System.currentTimeMillis() + BOOKMARK_EVERY_MS;
                    }
                    continue;
                }
                ServedObjects.Change seen = watcher.view(c);
                lastRv = c.rv();
                if (seen != null) {
                    sink.send(event(seen, columns));
                    if (watcher.queue.isEmpty()) {
                        sink.flush(); // everything already queued goes out in one flush
                    }
                }
            }
        }
    }

    private byte[] event(ServedObjects.Change c, boolean[] columns) throws IOException {
        byte[] object = table
                ? Tables.table(c.entry().type, List.of(c.entry()), c.rv(), includeObject, columns[0], null)
                : c.entry().json();
        columns[0] = false;
        byte[] head = ("{\"type\":\"" + c.type().name() + "\",\"object\":").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + object.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(object, 0, out, head.length, object.length);
        out[out.length - 1] = '}';
        return out;
    }

    private byte[] bookmark(long rv, boolean initialEvents) throws IOException {
        ObjectNode o = ObjectRenderer.JSON.objectNode();
        o.put("kind", type.kind());
        o.put("apiVersion", type.apiVersion());
        ObjectNode meta = o.putObject("metadata");
        meta.put("resourceVersion", String.valueOf(rv));
        if (initialEvents) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        return ("{\"type\":\"BOOKMARK\",\"object\":" + ObjectRenderer.MAPPER.writeValueAsString(o) + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        watcher.close();
    }
}
