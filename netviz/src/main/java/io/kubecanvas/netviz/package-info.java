/**
 * The live network view of a running emulator session: {@link io.kubecanvas.netviz.NetworkWorkbench} is the
 * JavaFX component the app mounts; {@link io.kubecanvas.netviz.RunSession} is what it drives (the control
 * plane plus a backend). Everything here reads only {@code ClusterState} and {@code PacketEvent}.
 */
package io.kubecanvas.netviz;
