package io.kubecanvas.emulator.backend;

/**
 * One probe: from a Pod ({@code ns/name}), a node ({@code node/NAME}) or {@code external} (the outside
 * world on the underlay network), to a target as {@link ProbeTarget} reads it.
 *
 * @param port     0 for the target's default (the URL's port, the Service's first port, the Pod's first port)
 */
public record ProbeRequest(String from, String target, int port, Protocol protocol) {

    public static final String EXTERNAL = "external";

    public ProbeRequest {
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("a probe needs a source: NS/POD, node/NAME or external");
        }
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("a probe needs a target");
        }
        protocol = protocol == null ? Protocol.TCP : protocol;
    }

    public static ProbeRequest tcp(String from, String target, int port) {
        return new ProbeRequest(from, target, port, Protocol.TCP);
    }

    public boolean fromExternal() {
        return EXTERNAL.equals(from);
    }

    public boolean fromNode() {
        return from.startsWith("node/");
    }
}
