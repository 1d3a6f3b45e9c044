/**
 * The side panels of the workbench: cluster status, traffic, faults, the event list, the details of a hop
 * and the live figures.
 */
package io.kubecanvas.netviz.panel;
