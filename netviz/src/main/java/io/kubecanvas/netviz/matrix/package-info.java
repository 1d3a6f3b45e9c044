/**
 * The reachability matrix in the app: what the design intends (computed in {@code emulator.intent} before
 * running) against what probes see, a colour per cell, each cell opening its probe's trace and the policy
 * that decided it.
 */
package io.kubecanvas.netviz.matrix;
