/**
 * The rendering benchmark ({@code kubecanvas bench netviz}): 200 Pods in a 1920x1080 window, 100 labelled
 * packets in flight, frames per second on screen and the delay from an event to the first frame on screen
 * that shows it. The headless variant is {@code NetvizBenchTest} (tag "bench").
 */
package io.kubecanvas.netviz.bench;
