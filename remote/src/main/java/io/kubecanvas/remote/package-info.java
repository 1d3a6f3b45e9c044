/**
 * Designs to and from real clusters through fabric8's Kubernetes client: a kubeconfig context
 * ({@link io.kubecanvas.remote.ClusterContext}), what a server-side apply would change
 * ({@link io.kubecanvas.remote.ClusterSync#diff}), the apply itself with an optional prune of what kubecanvas
 * applied before, and the import of live objects as a design without what the server added
 * ({@link io.kubecanvas.remote.ClusterImport}, {@link io.kubecanvas.remote.ServerDefaults}). No JavaFX here.
 */
package io.kubecanvas.remote;
