package io.kubecanvas.emulator.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The cluster's events, oldest first, keeping the last {@link #LIMIT} (as the API server keeps events for
 * a while only). Events are numbered from 0 for their whole life, so a reader that remembers
 * {@link #count()} can ask for what came since, even after old ones were dropped.
 */
final class EventLog {
    static final int LIMIT = 5000;

    private final Deque<ClusterEvent> events = new ArrayDeque<>();
    private long count;

    void add(ClusterEvent e) {
        events.addLast(e);
        count++;
        while (events.size() > LIMIT) {
            events.removeFirst();
        }
    }

    /** How many events were ever recorded. */
    long count() {
        return count;
    }

    List<ClusterEvent> all() {
        return new ArrayList<>(events);
    }

    /** The events numbered {@code from} and later that are still kept. */
    List<ClusterEvent> since(long from) {
        long first = count - events.size();
        long skip = Math.max(0, from - first);
        List<ClusterEvent> out = new ArrayList<>();
        Iterator<ClusterEvent> it = events.iterator();
        for (long i = 0; it.hasNext(); i++) {
            ClusterEvent e = it.next();
            if (i >= skip) {
                out.add(e);
            }
        }
        return out;
    }
}
