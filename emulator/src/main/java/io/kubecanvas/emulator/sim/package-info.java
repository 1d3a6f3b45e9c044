/**
 * The {@code sim} backend: a pure-Java dataplane that interprets a
 * {@link io.kubecanvas.emulator.plan.NetworkPlan} packet by packet. Structured packets (Ethernet, IPv4,
 * TCP/UDP/ICMP, VXLAN outer headers) cross veth pairs, the {@code cni0} bridge (FDB learning, hairpin,
 * br_netfilter), routing tables (longest prefix match), netfilter hooks in kernel order with conntrack and
 * the plan's own iptables rules, flannel's VXLAN device and the underlay. Pods answer on the ports they
 * declare; the cluster DNS server and the Ingress controller run where the plan puts them. Every step
 * becomes a {@link io.kubecanvas.emulator.packet.PacketEvent}.
 *
 * <p>How events name places: {@code node} is the node's name ({@code external} for the outside world);
 * {@code iface} is the interface as the plan names it on the node ({@code eth0}, {@code cni0},
 * {@code flannel.1}, {@code vethXXXXXXXX}), and {@code eth0@NS/POD} or {@code lo@NS/POD} inside a Pod.
 * Direction IN means the interface received the packet, OUT that it sent it, LOCAL a decision with no
 * wire (NAT, a bridge forwarding decision, a filter verdict, delivery to a socket, TLS termination).
 */
package io.kubecanvas.emulator.sim;
