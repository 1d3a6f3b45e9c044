/**
 * The network plan: a pure, printable description of every node's network computed from a
 * {@link io.kubecanvas.emulator.state.ClusterState} (underlay address, {@code cni0} bridge, veth pairs,
 * the flannel VXLAN device or host-gw routes, kube-proxy's and the NetworkPolicy iptables rules, the DNS
 * records and the Ingress routing table). Both backends apply the same plan: the {@code sim} backend
 * interprets it, the docker backend runs {@link io.kubecanvas.emulator.plan.NetworkPlan#render(String)}.
 */
package io.kubecanvas.emulator.plan;
