/**
 * The rendering benchmark: 200 Pods, 100 packets in flight, frames per second and the delay from an event
 * to the first frame that draws it. Run: {@code mvn -q -B -o -pl netviz -am test -Dtest=NetvizBenchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtest.excludedGroups=docker}, or the main class
 * {@link io.kubecanvas.netviz.bench.NetvizBench}.
 */
package io.kubecanvas.netviz.bench;
