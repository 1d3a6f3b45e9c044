/**
 * The one orchestrator of a running cluster: design, then control plane, then network plan, then backend,
 * then events. {@link io.kubecanvas.emulator.run.ClusterRun} is what the app, the command line, the benches,
 * the lessons and the API server drive; it is the only place a plan is derived from a cluster state
 * ({@link io.kubecanvas.emulator.run.ClusterRun#plan}), and faults go through it so the control plane and
 * the backend agree on what happened.
 *
 * <pre>
 * try (ClusterRun run = ClusterRun.start(design, new SimBackend())) {
 *     ProbeResult r = run.probe(ProbeRequest.tcp("default/client", "web", 80));
 *     run.stopNode("worker-1");          // the backend stops it; the control plane marks it NotReady
 *     run.advance(Duration.ofSeconds(60)); // the grace passes: Pods are evicted and rescheduled
 * }
 * </pre>
 */
package io.kubecanvas.emulator.run;
