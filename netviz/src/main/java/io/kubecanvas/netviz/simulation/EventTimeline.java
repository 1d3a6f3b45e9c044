package io.kubecanvas.netviz.simulation;

import io.kubecanvas.emulator.packet.PacketEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * Every packet event of a session in arrival order, and the cursor of simulation mode (the highlighted
 * hop). Not thread-safe: the view touches it on the FX thread only.
 */
public final class EventTimeline {
    private final List<PacketEvent> events = new ArrayList<>();
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private final List<IntConsumer> cursorListeners = new CopyOnWriteArrayList<>();
    private int cursor = -1;

    public List<PacketEvent> events() {
        return Collections.unmodifiableList(events);
    }

    public int size() {
        return events.size();
    }

    public PacketEvent get(int index) {
        return events.get(index);
    }

    /** Index of the first appended event. */
    public int append(List<PacketEvent> more) {
        int first = events.size();
        events.addAll(more);
        appendListeners.forEach(Runnable::run);
        return first;
    }

    public void clear() {
        events.clear();
        cursor = -1;
        appendListeners.forEach(Runnable::run);
        cursorListeners.forEach(l -> l.accept(-1));
    }

    /** The highlighted hop, -1 when none. */
    public int cursor() {
        return cursor;
    }

    public PacketEvent current() {
        return cursor < 0 ? null : events.get(cursor);
    }

    public void select(int index) {
        int next = events.isEmpty() ? -1 : Math.max(0, Math.min(index, events.size() - 1));
        if (next != cursor) {
            cursor = next;
            cursorListeners.forEach(l -> l.accept(cursor));
        }
    }

    public boolean stepForward() {
        if (cursor + 1 >= events.size()) {
            return false;
        }
        select(cursor + 1);
        return true;
    }

    public boolean stepBack() {
        if (cursor <= 0) {
            return false;
        }
        select(cursor - 1);
        return true;
    }

    /** The hop before {@code index} of the same flow, -1 when {@code index} is the flow's first. */
    public int previousInFlow(int index) {
        long flow = events.get(index).flowId();
        for (int i = index - 1; i >= 0; i--) {
            if (events.get(i).flowId() == flow) {
                return i;
            }
        }
        return -1;
    }

    public List<PacketEvent> flow(long flowId) {
        return events.stream().filter(e -> e.flowId() == flowId).toList();
    }

    public void addAppendListener(Runnable l) {
        appendListeners.add(l);
    }

    public void addCursorListener(IntConsumer l) {
        cursorListeners.add(l);
    }

    // The columns of the event list.

    public static String where(PacketEvent e) {
        return e.iface() == null || e.iface().isEmpty() ? e.node() : e.node() + " " + e.iface();
    }

    public static String from(PacketEvent e) {
        return endpoint(e, "src", "sport");
    }

    public static String to(PacketEvent e) {
        return endpoint(e, "dst", "dport");
    }

    private static String endpoint(PacketEvent e, String addr, String port) {
        PacketEvent.Header ip = e.innerIp();
        if (ip == null) {
            return "";
        }
        String a = ip.get(addr);
        String p = null;
        boolean afterIp = false;
        for (PacketEvent.Header h : e.headers()) {
            if (h == ip) {
                afterIp = true;
            } else if (afterIp && h.get(port) != null) {
                p = h.get(port);
                break;
            }
        }
        return p == null ? a : a + ":" + p;
    }

    /** The innermost protocol: http over tcp shows "HTTP", a bare tcp "TCP". */
    public static String protocol(PacketEvent e) {
        List<PacketEvent.Header> hs = e.headers();
        for (int i = hs.size() - 1; i >= 0; i--) {
            String l = hs.get(i).layer();
            if (!l.equals("eth") && !l.equals("ip") && !l.equals("vxlan")) {
                return l.toUpperCase(java.util.Locale.ROOT);
            }
        }
        return hs.isEmpty() ? "" : hs.get(hs.size() - 1).layer().toUpperCase(java.util.Locale.ROOT);
    }

    /** Size on the wire: the outermost IP "length" when the backend gives it, else an estimate from the headers. */
    public static int bytes(PacketEvent e) {
        for (PacketEvent.Header h : e.headers()) {
            String len = h.get("length");
            if (len != null) {
                try {
                    return Integer.parseInt(len.trim());
                } catch (NumberFormatException ignored) {
                    // fall through to the estimate
                }
            }
        }
        int size = 0;
        for (PacketEvent.Header h : e.headers()) {
            size += switch (h.layer()) {
                case "eth" -> 14;
                case "ip" -> 20;
                case "tcp" -> 32;
                case "udp", "vxlan" -> 8;
                case "icmp" -> 64;
                default -> 100;
            };
        }
        return size;
    }
}
