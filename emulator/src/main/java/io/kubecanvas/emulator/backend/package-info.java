/**
 * What every emulator backend offers: apply a cluster state with its network plan, probe a connection
 * hop by hop, stream packet events. {@link io.kubecanvas.emulator.backend.EmulatorBackend} is implemented by
 * the {@code sim} backend (io.kubecanvas.emulator.sim) and the docker backend; probe targets are resolved
 * the same way for both ({@link io.kubecanvas.emulator.backend.ProbeTarget}) and the reachability matrix is
 * built from probes of either ({@link io.kubecanvas.emulator.backend.ReachabilityMatrix}).
 */
package io.kubecanvas.emulator.backend;
