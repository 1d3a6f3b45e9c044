/**
 * A Kubernetes API server over the emulator's control plane, so that real kubectl (and any client such as
 * fabric8) works against a running KubeCanvas cluster: discovery, CRUD with resource versions, watches,
 * {@code Table} responses, patches, server-side apply, exec, logs and port-forward, on 127.0.0.1 only with
 * TLS from a per-cluster CA and a bearer token or client certificate.
 */
package io.kubecanvas.apiserver;
