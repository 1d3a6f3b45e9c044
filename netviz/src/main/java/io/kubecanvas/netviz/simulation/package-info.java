/**
 * Simulation mode, after Packet Tracer's: the recorded event list with a cursor that steps forward and back,
 * filters, and the details of one hop (headers before and after, VXLAN outer and inner, NAT, conntrack,
 * verdict, the object whose YAML caused it).
 */
package io.kubecanvas.netviz.simulation;
