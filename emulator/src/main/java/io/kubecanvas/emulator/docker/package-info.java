/**
 * The {@code docker} emulator backend: worker nodes as containers on one labelled underlay network, Pods as a
 * sandbox container (holding the network namespace) plus one container per spec container, and the network
 * plan realised with the real tools inside each node: the CNI bridge plugin, a flannel-style VXLAN device or
 * host-gw routes, kube-proxy-style iptables chains, dnsmasq and nginx.
 *
 * <p>Everything created carries the labels in {@link io.kubecanvas.emulator.docker.Labels}; running clusters
 * are found again from those labels alone (no side files), and cleanup is by label. Container arguments are
 * computed by pure functions ({@link io.kubecanvas.emulator.docker.ClusterContainers}) before Docker is
 * touched; the engine itself sits behind the small {@link io.kubecanvas.emulator.docker.DockerEngine}
 * interface.
 */
package io.kubecanvas.emulator.docker;
