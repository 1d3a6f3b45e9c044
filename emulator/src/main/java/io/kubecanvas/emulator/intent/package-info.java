/**
 * What the design means for reachability, read before anything runs: which source should reach which Pod,
 * Service, NodePort or Ingress, from the declared container ports, the Services' endpoints, the Ingress rules
 * and the NetworkPolicies' API semantics (not from the rules the plan renders, so comparing this with probes
 * checks the dataplane). {@link io.kubecanvas.emulator.intent.ReachabilityIntent} is the table; each cell can
 * take the probe that observed it.
 */
package io.kubecanvas.emulator.intent;
