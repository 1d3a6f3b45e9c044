/**
 * Packet hops in words: what happened at a hop and why, computed from the network plan (the rule, route,
 * tunnel or policy that decided), for the hop details, lessons, presenter captions and {@code probe -o text}.
 */
package io.kubecanvas.emulator.explain;
