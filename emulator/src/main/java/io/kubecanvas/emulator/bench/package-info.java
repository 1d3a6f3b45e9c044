/**
 * The emulator's benchmarks ({@code kubecanvas bench sim}, {@code bench docker}): each figure says what it
 * measured (wall time unless it says otherwise), its target and whether the target was met. They drive the
 * backends through {@link io.kubecanvas.emulator.run.ClusterRun}, as the app and the command line do.
 */
package io.kubecanvas.emulator.bench;
