package io.kubecanvas.emulator.backend;

import io.kubecanvas.emulator.packet.PacketEvent;

import java.util.List;

/**
 * What a probe found: the outcome, the Pod (or host process) that answered, why it failed, and every
 * packet event of the connection in order (DNS lookups first when the target was a name).
 *
 * @param address      the address and port the client finally connected to ({@code 10.96.0.20:80})
 * @param peer         the client address the answering Pod saw on its connection (after any NAT; through the
 *                     Ingress controller, the controller's node address), null when unknown or not an HTTP answer
 * @param forwardedFor the {@code X-Forwarded-For} header the answering Pod received (the Ingress controller's
 *                     client), null when the request came without one
 */
public record ProbeResult(ProbeRequest request, Outcome outcome, String answeredBy, String reason, String address,
                          List<PacketEvent> hops, String peer, String forwardedFor) {

    public ProbeResult {
        hops = List.copyOf(hops);
    }

    /** A result without what the server saw of its client. */
    public ProbeResult(ProbeRequest request, Outcome outcome, String answeredBy, String reason, String address,
                       List<PacketEvent> hops) {
        this(request, outcome, answeredBy, reason, address, hops, null, null);
    }

    /** The same result with other hops. */
    public ProbeResult withHops(List<PacketEvent> other) {
        return new ProbeResult(request, outcome, answeredBy, reason, address, other, peer, forwardedFor);
    }

    public enum Outcome {
        /** A reply came back from {@code answeredBy}. */
        DELIVERED,
        /** Actively refused: TCP reset or ICMP port unreachable (nothing listens there, or a REJECT rule). */
        REFUSED,
        /** Dropped by a NetworkPolicy ({@code reason} names the policy's chain and rule); the client sees a time-out. */
        POLICY_DROPPED,
        /** Dropped on the way for another known reason (no route, no endpoints, a node down; {@code reason} says
         *  which rule); the client sees a time-out. Also a probe that could not be sent at all ({@code reason}
         *  says why: its node is down, the machine's kernel lacks the protocol). */
        DROPPED,
        /** No answer and no known reason. */
        TIMEOUT;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }

    /** Dropped, by a policy or anything else: the client saw silence, and the emulator knows where it died. */
    public boolean dropped() {
        return outcome == Outcome.POLICY_DROPPED || outcome == Outcome.DROPPED;
    }
}
