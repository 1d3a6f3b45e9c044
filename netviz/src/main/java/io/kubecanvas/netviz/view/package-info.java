/**
 * The drawing of the network: a {@link io.kubecanvas.netviz.view.Topology} laid out from the cluster state
 * (physical layer: nodes, eth0 on the underlay, VXLAN tunnels, cni0, veths, Pods; logical layer: Services,
 * Ingresses, policies, Pods) and the packets moving over it. Plain JavaFX canvases: the static picture is
 * redrawn only when the state changes, the packets on an overlay every frame.
 */
package io.kubecanvas.netviz.view;
