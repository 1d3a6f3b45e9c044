/**
 * A small standalone window around {@link io.kubecanvas.netviz.NetworkWorkbench}, for looking at the view
 * without the designer: {@code NetvizLauncher [DESIGN.yaml|DIR...] [--replay FILE.jsonl] [--send FROM TO] [--layer physical|logical|both]}.
 */
package io.kubecanvas.netviz.launch;
