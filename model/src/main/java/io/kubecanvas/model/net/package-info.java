/**
 * Network values every module shares, each written once: IPv4 addresses ({@link io.kubecanvas.model.net.Ipv4}),
 * IPv4 prefixes ({@link io.kubecanvas.model.net.Cidr}) and label-selector matching as the Kubernetes API
 * defines it ({@link io.kubecanvas.model.net.LabelSelectors}). Validation, the control plane, the network plan
 * and both backends use these, so a selector or an address means the same thing everywhere.
 */
package io.kubecanvas.model.net;
