/**
 * The {@code sim} backend: a pure-Java dataplane that interprets a
 * {@link io.kubecanvas.emulator.plan.NetworkPlan} packet by packet. Structured packets (Ethernet, IPv4,
 * TCP/UDP/ICMP, VXLAN outer headers) cross veth pairs, the {@code cni0} bridge (FDB learning, hairpin,
 * br_netfilter), routing tables (longest prefix match), netfilter hooks in kernel order with conntrack and
 * the plan's own iptables rules, flannel's VXLAN device and the underlay. Pods answer on the ports they
 * declare; the cluster DNS server and the Ingress controller run where the plan puts them. Every step
 * becomes a {@link io.kubecanvas.emulator.packet.PacketEvent}.
 */
package io.kubecanvas.emulator.sim;
