package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.Endpoint;
import io.kubecanvas.emulator.state.ClusterState.ServiceState;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Service semantics from design to packets (control plane, plan, sim), each against its upstream source:
 * Services backed by hand-written Endpoints and EndpointSlices, {@code default/kubernetes},
 * {@code internalTrafficPolicy: Local} and the control-plane taint.
 */
class ServiceSemanticsTest {

    static final String PODS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: default, labels: {app: a}}
            spec:
              nodeName: worker-1
              containers: [{name: c, image: nginx:1.27, ports: [{containerPort: 8080}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b, namespace: default, labels: {app: b}}
            spec:
              nodeName: worker-2
              containers: [{name: c, image: nginx:1.27, ports: [{containerPort: 8090}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: default, labels: {app: client}}
            spec:
              nodeName: worker-1
              containers: [{name: c, image: busybox:1.36}]
            """;

    static Design design(String yaml) {
        try {
            return DesignIO.parse("design.yaml", yaml);
        } catch (YamlException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String ip(ClusterState s, String pod) {
        return s.pod("default", pod).ip();
    }

    /**
     * Upstream test/e2e/network/endpointslice.go, "should support a Service with multiple ports specified in
     * multiple EndpointSlices" (and the docs, "Services without selectors"): a selector-less Service whose
     * two ports are served by two hand-written EndpointSlices, each naming its port.
     */
    @Test
    void aSelectorLessServiceIsServedByHandWrittenEndpointSlices() {
        ControlPlane cp = ControlPlane.start(design(PODS), 1);
        ClusterState s0 = cp.state();
        cp.apply(design(PODS + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: multi, namespace: default}
                spec:
                  ports:
                  - {name: example-port-1, port: 80, protocol: TCP}
                  - {name: example-port-2, port: 81, protocol: TCP}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: multi-1
                  namespace: default
                  labels: {kubernetes.io/service-name: multi}
                addressType: IPv4
                endpoints:
                - addresses: [%s]
                  targetRef: {kind: Pod, name: a}
                ports:
                - {name: example-port-1, port: 8080, protocol: TCP}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: multi-2
                  namespace: default
                  labels: {kubernetes.io/service-name: multi}
                addressType: IPv4
                endpoints:
                - addresses: [%s]
                  conditions: {ready: true}
                ports:
                - {name: example-port-2, port: 8090, protocol: TCP}
                """.formatted(ip(s0, "a"), ip(s0, "b"))));
        ClusterState s = cp.state();
        assertEquals(List.of(), cp.rejections());
        assertEquals(ip(s0, "a"), ip(s, "a"), "the Pods kept their addresses");
        ServiceState multi = s.service("default", "multi");
        assertEquals(2, multi.endpoints().size(), multi.endpoints().toString());
        Endpoint b = multi.endpoints().stream().filter(e -> e.ip().equals(ip(s, "b"))).findFirst().orElseThrow();
        assertEquals("default/b", b.podNamespace() + "/" + b.podName(), "found by its address");
        assertEquals("worker-2", b.node());
        SimBackend sim = AppliedSim.of(1, s);
        ProbeResult r80 = sim.probe(ProbeRequest.tcp("default/client", "multi", 80));
        assertEquals("default/a", r80.answeredBy(), r80.reason());
        ProbeResult r81 = sim.probe(ProbeRequest.tcp("default/client", "multi", 81));
        assertEquals("default/b", r81.answeredBy(), r81.reason());
    }

    /** The docs, "Services without selectors": an Endpoints object of the Service's name; not-ready addresses take no traffic. */
    @Test
    void aSelectorLessServiceIsServedByAnEndpointsObject() {
        ControlPlane cp = ControlPlane.start(design(PODS), 1);
        String a = ip(cp.state(), "a");
        String b = ip(cp.state(), "b");
        cp.apply(design(PODS + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: legacy, namespace: default}
                spec:
                  ports: [{port: 80, targetPort: 9999}]
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: legacy, namespace: default}
                subsets:
                - addresses: [{ip: %s}]
                  notReadyAddresses: [{ip: %s}]
                  ports: [{port: 8080}]
                """.formatted(a, b)));
        ServiceState legacy = cp.state().service("default", "legacy");
        assertEquals(2, legacy.endpoints().size());
        SimBackend sim = AppliedSim.of(1, cp.state());
        for (int i = 0; i < 10; i++) {
            ProbeResult r = sim.probe(ProbeRequest.tcp("default/client", "legacy", 80), false);
            assertEquals("default/a", r.answeredBy(), "the endpoint's port (8080), not the targetPort; b is not ready");
        }
    }

    @Test
    void anEndpointAddressTheApiServerRefusesIsAnnounced() {
        ControlPlane cp = ControlPlane.start(design(PODS + """
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: bad, namespace: default}
                subsets:
                - addresses: [{ip: 127.0.0.1}]
                  ports: [{port: 80}]
                """), 1);
        assertEquals(1, cp.rejections().size());
        assertEquals("Endpoints \"bad\" is invalid: subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be"
                + " in the loopback range (127.0.0.0/8, ::1/128)", cp.rejections().get(0).message());
    }

    /**
     * Upstream test/e2e/network/endpointslice.go, "should have Endpoints and EndpointSlices pointing to API
     * Server": {@code default/kubernetes} at the service range's first address, port 443, served by the API
     * server on the control-plane node, 6443; Pods reach it through its ClusterIP and its DNS name.
     */
    @Test
    void theKubernetesServicePointsAtTheApiServer() {
        ControlPlane cp = ControlPlane.start(design(PODS), 1);
        ClusterState s = cp.state();
        ServiceState k = s.service("default", "kubernetes");
        assertNotNull(k);
        assertEquals("10.96.0.1", k.clusterIp());
        assertEquals(443, k.ports().get(0).port());
        assertEquals("https", k.ports().get(0).name());
        assertEquals(1, k.endpoints().size());
        Endpoint api = k.endpoints().get(0);
        assertEquals(s.node("control-plane").underlayIp(), api.ip());
        assertEquals(6443, api.targetPorts().get("https"));
        assertTrue(s.dns().stream().anyMatch(r -> r.name().equals("kubernetes.default.svc.cluster.local")
                && r.value().equals("10.96.0.1")));
        ProbeResult r = AppliedSim.of(1, s).probe(ProbeRequest.tcp("default/client", "kubernetes.default", 443));
        assertEquals(Outcome.DELIVERED, r.outcome(), r.reason());
        assertEquals("kube-apiserver@control-plane", r.answeredBy());
        assertEquals("10.96.0.1:443", r.address());
        assertTrue(r.reason().contains("forbidden: User \"system:anonymous\" cannot get path \"/\""), r.reason());
    }

    /**
     * Upstream test/e2e/network/service.go, "should respect internalTrafficPolicy=Local Pod to Pod" and "Pod
     * (hostNetwork: true) to Pod" (the docs, "Service Internal Traffic Policy"): only the sender's node's
     * endpoints serve the ClusterIP; a node without one drops the traffic.
     */
    @Test
    void internalTrafficPolicyLocalKeepsTrafficOnTheSendersNode() {
        ControlPlane cp = ControlPlane.start(design(PODS + """
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: far-client, namespace: default}
                spec:
                  nodeName: worker-2
                  containers: [{name: c, image: busybox:1.36}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: host-client, namespace: default}
                spec:
                  nodeName: worker-2
                  hostNetwork: true
                  containers: [{name: c, image: busybox:1.36}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: local-a, namespace: default}
                spec:
                  selector: {app: a}
                  internalTrafficPolicy: Local
                  ports: [{port: 80, targetPort: 8080}]
                """), 1);
        ClusterState s = cp.state();
        assertEquals("Local", s.service("default", "local-a").internalTrafficPolicy());
        SimBackend sim = AppliedSim.of(1, s);
        assertEquals("default/a", sim.probe(ProbeRequest.tcp("default/client", "local-a", 80)).answeredBy());
        ProbeResult far = sim.probe(ProbeRequest.tcp("default/far-client", "local-a", 80));
        assertEquals(Outcome.DROPPED, far.outcome(), far.reason());
        assertTrue(far.reason().contains("default/local-a has no local endpoints") && far.reason().endsWith("on worker-2"),
                far.reason());
        ProbeResult host = sim.probe(ProbeRequest.tcp("default/host-client", s.service("default", "local-a").clusterIp(), 80));
        assertEquals(Outcome.DROPPED, host.outcome(), host.reason());
    }

    /**
     * The kubeadm docs ("Control plane node isolation"): the control-plane node is tainted
     * node-role.kubernetes.io/control-plane:NoSchedule, so workloads land on workers while CoreDNS, which
     * tolerates the taint, runs there.
     */
    @Test
    void workloadsStayOffTheTaintedControlPlaneSystemPodsTolerateIt() {
        ControlPlane cp = ControlPlane.start(design("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: default}
                spec:
                  replicas: 10
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: c, image: nginx:1.27}]
                ---
                apiVersion: kubecanvas.io/v1alpha1
                kind: Cluster
                metadata: {name: lab}
                spec:
                  nodes:
                  - {name: control-plane, role: control-plane}
                  - {name: worker-1, role: worker}
                  - {name: worker-2, role: worker}
                """), 1);
        ClusterState s = cp.state();
        List<ClusterState.PodState> web = s.pods().stream().filter(p -> p.name().startsWith("web-")).toList();
        assertEquals(10, web.size());
        assertTrue(web.stream().noneMatch(p -> "control-plane".equals(p.node())), web.toString());
        assertTrue(s.pods().stream().filter(p -> p.namespace().equals("kube-system"))
                .allMatch(p -> "control-plane".equals(p.node())), "CoreDNS tolerates the taint");
    }

    static final String EXTERNAL = """
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: dns-test-service-3, namespace: default}
            spec:
              type: ExternalName
              externalName: %s
            """;

    /**
     * Upstream test/e2e/network/dns.go, "should provide DNS for ExternalName services": the name answers a
     * CNAME to the external name, follows an update of it, and becomes an A record once the Service is a
     * ClusterIP Service. The plan's DNS table, the sim's DNS server and the dnsmasq configuration the docker
     * backend runs all carry it.
     */
    @Test
    void externalNameServicesAnswerTheirAlias() {
        ControlPlane cp = ControlPlane.start(design(PODS + EXTERNAL.formatted("foo.example.com")), 1);
        String fqdn = "dns-test-service-3.default.svc.cluster.local";
        io.kubecanvas.emulator.plan.NetworkPlan plan = io.kubecanvas.emulator.plan.NetworkPlan.compute(cp.state());
        assertEquals(List.of("foo.example.com"), plan.dns().resolve(fqdn).cnames());
        assertEquals(List.of(), plan.dns().resolve(fqdn).addresses());
        assertTrue(plan.dns().dnsmasqConfig().contains("cname=" + fqdn + ",foo.example.com\n"), plan.dns().dnsmasqConfig());

        SimBackend sim = AppliedSim.of(1, cp.state());
        ProbeResult r = sim.probe(ProbeRequest.tcp("default/client", "dns-test-service-3", 80));
        assertEquals(Outcome.REFUSED, r.outcome());
        assertTrue(r.reason().contains("alias (CNAME) of foo.example.com"), r.reason());
        assertTrue(r.hops().stream().anyMatch(e -> e.info().contains("CNAME foo.example.com.")), "the DNS answer on the wire");
        // the DNS answer itself, as dig +nosearch asks it: a CNAME and no address
        ProbeResult q = sim.probe(new ProbeRequest("default/client", "dns:" + fqdn, 0, io.kubecanvas.emulator.backend.Protocol.UDP));
        assertEquals(Outcome.DELIVERED, q.outcome(), q.reason());
        assertEquals("NOERROR " + fqdn + " CNAME foo.example.com", q.reason());

        cp.apply(design(PODS + EXTERNAL.formatted("bar.example.com")));
        assertEquals(List.of("bar.example.com"),
                io.kubecanvas.emulator.plan.NetworkPlan.compute(cp.state()).dns().resolve(fqdn).cnames());

        cp.apply(design(PODS + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: dns-test-service-3, namespace: default}
                spec:
                  selector: {app: a}
                  ports: [{port: 80, targetPort: 8080}]
                """));
        io.kubecanvas.emulator.plan.DnsTable.Answer a =
                io.kubecanvas.emulator.plan.NetworkPlan.compute(cp.state()).dns().resolve(fqdn);
        assertEquals(List.of(), a.cnames());
        assertEquals(List.of(cp.state().service("default", "dns-test-service-3").clusterIp()), a.addresses());
    }

    /** An alias of a cluster name resolves through to it, and the connection goes where the alias leads. */
    @Test
    void anExternalNameOfAClusterServiceLeadsToIt() {
        ControlPlane cp = ControlPlane.start(design(PODS + EXTERNAL.formatted("web.default.svc.cluster.local.") + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: default}
                spec:
                  selector: {app: b}
                  ports: [{port: 80, targetPort: 8090}]
                """), 1);
        ProbeResult r = AppliedSim.of(1, cp.state()).probe(ProbeRequest.tcp("default/client", "dns-test-service-3", 80));
        assertEquals(Outcome.DELIVERED, r.outcome(), r.reason());
        assertEquals("default/b", r.answeredBy());
        assertTrue(r.hops().stream().anyMatch(e -> e.info().contains("CNAME web.default.svc.cluster.local., A "
                + cp.state().service("default", "web").clusterIp())), "alias and address in one answer");
    }
}
