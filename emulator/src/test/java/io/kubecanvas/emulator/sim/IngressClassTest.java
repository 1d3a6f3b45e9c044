package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ingressClassName and IngressClass (the docs, "Ingress": "Ingress class", "Default IngressClass"; the
 * DefaultIngressClass admission plugin): the cluster runs ingress-nginx, whose IngressClass {@code nginx}
 * is the default; an Ingress for a class no controller of the cluster serves is not routed, and the plan,
 * the 404 and the state say why.
 */
class IngressClassTest {

    static String ingress(String name, String host, String classLine) {
        return """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: %s, namespace: default}
                spec:
                  %s
                  rules:
                  - host: %s
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                """.formatted(name, classLine, host);
    }

    static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: default, labels: {app: web}}
            spec:
              containers: [{name: c, image: nginx:1.27, ports: [{containerPort: 80}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec:
              selector: {app: web}
              ports: [{port: 80}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: traefik}
            spec: {controller: traefik.io/ingress-controller}
            """;

    static ProbeResult get(SimBackend sim, String host) {
        return sim.probe(ProbeRequest.tcp("external", "http://" + host + "/", 0));
    }

    @Test
    void onlyClassesOfTheClustersControllerAreRouted() {
        ControlPlane cp = ControlPlane.start(ServiceSemanticsTest.design(WEB
                + ingress("plain", "plain.local", "")
                + ingress("nginx", "nginx.local", "ingressClassName: nginx")
                + ingress("legacy", "legacy.local", "")
                        .replace("namespace: default}", "namespace: default, annotations: {kubernetes.io/ingress.class: nginx}}")
                + ingress("traefik", "traefik.local", "ingressClassName: traefik")
                + ingress("ghost", "ghost.local", "ingressClassName: haproxy")), 1);
        ClusterState s = cp.state();
        assertTrue(s.ingressClasses().contains(ClusterState.NGINX), s.ingressClasses().toString());
        assertEquals("nginx", s.ingresses().stream().filter(i -> i.getMetadata().getName().equals("plain")).findFirst()
                .orElseThrow().getSpec().getIngressClassName(), "the default class, given at admission");

        SimBackend sim = AppliedSim.of(1, s);
        for (String host : List.of("plain.local", "nginx.local", "legacy.local")) {
            ProbeResult r = get(sim, host);
            assertEquals("default/web", r.answeredBy(), host + ": " + r.reason());
        }
        ProbeResult traefik = get(sim, "traefik.local");
        assertTrue(traefik.reason().startsWith("HTTP 404") && traefik.reason().contains("Ingress default/traefik is not routed:"
                + " IngressClass \"traefik\" belongs to controller traefik.io/ingress-controller, which does not run in this"
                + " cluster"), traefik.reason());
        ProbeResult ghost = get(sim, "ghost.local");
        assertTrue(ghost.reason().contains("IngressClass \"haproxy\" does not exist"), ghost.reason());
        String plan = sim.plan().render("control-plane");
        assertTrue(plan.contains("#   not routed: default/traefik: IngressClass \"traefik\" belongs to controller"), plan);
        assertEquals(2, sim.plan().ingress().notRouted().size());
    }

    @Test
    void aDesignsOwnDefaultClassTakesOverAndTwoDefaultsAreRefused() {
        String ownDefault = WEB.replace("metadata: {name: traefik}",
                "metadata: {name: traefik, annotations: {ingressclass.kubernetes.io/is-default-class: \"true\"}}");
        ControlPlane cp = ControlPlane.start(ServiceSemanticsTest.design(ownDefault + ingress("plain", "plain.local", "")), 1);
        ClusterState s = cp.state();
        assertEquals("traefik", s.ingresses().get(0).getSpec().getIngressClassName());
        NetworkPlan plan = NetworkPlan.compute(s);
        assertEquals(List.of("default/plain"), plan.ingress().notRouted().stream().map(n -> n.ingress()).toList());

        String twoDefaults = ownDefault + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata: {name: haproxy, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
                spec: {controller: haproxy.org/ingress-controller}
                """ + ingress("plain", "plain.local", "");
        cp = ControlPlane.start(ServiceSemanticsTest.design(twoDefaults), 1);
        assertEquals(List.of("Ingress.networking.k8s.io \"plain\" is forbidden: 2 default IngressClasses were found, only 1"
                + " allowed"), cp.rejections().stream().map(r -> r.message()).toList());
    }
}
