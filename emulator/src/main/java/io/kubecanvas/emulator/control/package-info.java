/**
 * The emulated control plane: what the API server, etcd, the scheduler, the controller manager, the
 * kubelets' sandbox setup and CoreDNS decide, computed in memory on a virtual clock.
 *
 * <p>{@link io.kubecanvas.emulator.control.ObjectStore} plays the API server and etcd (objects with
 * resource versions and watch events). Controllers each reconcile the whole store, level-triggered, and
 * run in a fixed order until a pass writes nothing: node lifecycle (eviction), Deployment, ReplicaSet,
 * DaemonSet, StatefulSet, {@link io.kubecanvas.emulator.control.Scheduler}, kubelet (sandbox, IP, Running),
 * readiness prober, load-balancer addresses, EndpointSlices. {@link io.kubecanvas.emulator.control.ControlPlane} is the
 * facade: it turns a design into a {@link io.kubecanvas.emulator.state.ClusterState} and applies live
 * changes; {@link io.kubecanvas.emulator.control.ClusterEvent} is its {@code kubectl get events}.
 *
 * <p>Decisions worth knowing when reading the state:
 * <ul>
 * <li>Deterministic for a seed: names, uids and random allocations come from seeded sources (one per
 * purpose, so adding a Service does not change the next Pod's name); time is virtual.</li>
 * <li>Addresses: node Pod CIDRs are consecutive /nodeCidrMaskSize slices of the cluster CIDR, control-plane
 * nodes first (as kubeadm's node IPAM hands them out); underlay addresses start at .2 of the underlay
 * (.1 is its gateway); Pod IPs start at .2 of the node's CIDR (.1 is {@code cni0}) and, like host-local
 * IPAM, continue after the last one handed out, so a replacement Pod gets a new IP. Host-network Pods
 * have their node's address. ClusterIPs are random in the upper band of the service CIDR (the lower 256
 * addresses are for explicit ones); NodePorts random in 30000-32767 likewise; LoadBalancer addresses are
 * the lowest free of the pool (MetalLB style).</li>
 * <li>Cluster DNS: every cluster has the {@code kube-dns} Service in {@code kube-system} at the tenth
 * address of the service CIDR (10.96.0.10 by default), ports 53/UDP {@code dns}, 53/TCP {@code dns-tcp}
 * and 9153/TCP {@code metrics}, selecting {@code k8s-app: kube-dns}. Its endpoint is the Pod of the
 * {@code coredns} Deployment (1 replica) in {@code kube-system}, kept on the first control-plane node
 * (or the first node when there is none) by a {@code kubernetes.io/hostname} node selector and a
 * toleration: the backends serve {@link io.kubecanvas.emulator.state.ClusterState#dns()} there.</li>
 * <li>The API server: {@code default/kubernetes} has the first service address (10.96.0.1), port 443
 * ({@code https}) and no selector; its Endpoints, kept by the control plane as the API server keeps them,
 * hold the control-plane node's address and port 6443, where the backends answer as the API server.</li>
 * <li>Endpoints written in the design: a Service without a selector takes its backends from an
 * {@code Endpoints} object of its name, and any Service from design EndpointSlices labelled
 * {@code kubernetes.io/service-name} (see {@link io.kubecanvas.emulator.control.ManualEndpoints}).</li>
 * <li>DNS records have no trailing dot and are lower case; SRV values are "priority weight port target".
 * ExternalName Services have a CNAME record and no ClusterIP (so {@code headless()} is true for them in
 * the state: check the type).</li>
 * <li>A stopped node is NotReady at once ({@code NodeState.ready == false}: the backends stop its
 * dataplane) but, as in Kubernetes, the control plane keeps its Pods, Running and in the endpoints, until
 * the grace period (40 s) has passed on the virtual clock; then they are evicted and their controllers
 * recreate them elsewhere. DaemonSet Pods stay; bare Pods are gone.</li>
 * <li>Pod readiness: a Pod without readiness probes is Ready once Running. Readiness probes (httpGet,
 * tcpSocket, grpc, exec) run on the virtual clock with the kubelet's timing and thresholds
 * ({@link io.kubecanvas.emulator.control.Prober}); by default they are answered from the Pod's declared
 * ports (the sim's listeners), a backend may plug in real checks ({@code setReadinessProber}); why a Pod is
 * not ready is in {@code PodState.readiness()}. Unready Pods stay in EndpointSlices with ready false.
 * {@code setPodReady} makes a probe fail by hand.</li>
 * <li>Live apply: unchanged objects are not touched; a Pod whose only change is labels keeps its IP; a
 * changed Deployment template rolls out to a new ReplicaSet (RollingUpdate within maxSurge and
 * maxUnavailable, or Recreate), all within one call since Pods start at once; changed network settings rebuild the
 * cluster. Bare Pods matching a controller's selector are not adopted.</li>
 * </ul>
 */
package io.kubecanvas.emulator.control;
