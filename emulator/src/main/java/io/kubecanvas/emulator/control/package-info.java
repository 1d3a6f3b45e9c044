/**
 * The emulated control plane: what the API server, etcd, the scheduler, the controller manager, the
 * kubelets' sandbox setup and CoreDNS decide, computed in memory on a virtual clock.
 *
 * <p>{@link io.kubecanvas.emulator.control.ObjectStore} plays the API server and etcd (objects with
 * resource versions and watch events). Controllers ({@link io.kubecanvas.emulator.control.DeploymentController},
 * {@link io.kubecanvas.emulator.control.ReplicaSetController}, {@link io.kubecanvas.emulator.control.Scheduler},
 * {@link io.kubecanvas.emulator.control.Kubelet}, {@link io.kubecanvas.emulator.control.NodeLifecycleController},
 * {@link io.kubecanvas.emulator.control.ServiceAllocator}, {@link io.kubecanvas.emulator.control.EndpointsController})
 * each reconcile the whole store, level-triggered, and run in a fixed order until nothing changes.
 * {@link io.kubecanvas.emulator.control.ControlPlane} is the facade: it turns a design into a
 * {@link io.kubecanvas.emulator.state.ClusterState} and applies live changes.
 *
 * <p>Everything is deterministic for a given seed: names, uids and random allocations come from seeded
 * random sources (one per purpose, so adding a Service does not change the next Pod's name), and time is
 * virtual.
 *
 * <p>Cluster add-ons: every cluster has the {@code kube-dns} Service in {@code kube-system} at the tenth
 * address of the service CIDR (10.96.0.10 by default), ports 53/UDP {@code dns}, 53/TCP {@code dns-tcp} and
 * 9153/TCP {@code metrics}, selecting {@code k8s-app: kube-dns}. Its one endpoint is a CoreDNS Pod of the
 * {@code coredns} Deployment in {@code kube-system}, pinned to the (first) control-plane node by a node
 * selector and tolerating its taint: the backends serve the cluster's DNS records there. The first address of
 * the service CIDR is reserved for the {@code kubernetes} Service, which is not emulated.
 */
package io.kubecanvas.emulator.control;
