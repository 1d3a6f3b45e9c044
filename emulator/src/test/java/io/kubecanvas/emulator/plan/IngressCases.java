package io.kubecanvas.emulator.plan;

import io.kubecanvas.emulator.state.ClusterState;

import java.util.List;
import java.util.Map;

import static io.kubecanvas.emulator.plan.ClusterFixture.port;
import static io.kubecanvas.emulator.plan.ClusterFixture.tcp;

/**
 * The Ingress cases both backends must route alike: Prefix by path element, Exact, ImplementationSpecific as a
 * plain prefix, exact and wildcard hosts, host-less rules, a backend Service that does not exist, the default
 * backend, and a known host whose paths do not match. Each Service selects its own Pod, so the answering Pod
 * tells which route was taken.
 */
public final class IngressCases {
    private IngressCases() {
    }

    public static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: cases, namespace: default}
            spec:
              defaultBackend: {service: {name: svc-default, port: {number: 80}}}
              rules:
              - host: shop.local
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: svc-root, port: {number: 80}}}}
                  - {path: /api, pathType: Prefix, backend: {service: {name: svc-api, port: {number: 80}}}}
                  - {path: /api/v1, pathType: Exact, backend: {service: {name: svc-exact, port: {number: 80}}}}
                  - {path: /foo, pathType: ImplementationSpecific, backend: {service: {name: svc-impl, port: {number: 80}}}}
                  - {path: /gone, pathType: Prefix, backend: {service: {name: ghost, port: {number: 80}}}}
              - host: "*.shop.local"
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: svc-wild, port: {number: 80}}}}
              - host: exact.local
                http:
                  paths:
                  - {path: /only, pathType: Exact, backend: {service: {name: svc-exact, port: {number: 80}}}}
              - http:
                  paths:
                  - {path: /public, pathType: Prefix, backend: {service: {name: svc-public, port: {number: 80}}}}
            """;

    public static final List<String> BACKENDS = List.of("root", "api", "exact", "impl", "wild", "public", "default");

    /** {host, path} requests covering every rule and the gaps between them. */
    public static final List<String[]> REQUESTS = List.of(
            new String[]{"shop.local", "/"}, new String[]{"shop.local", "/x"}, new String[]{"shop.local", "/api"},
            new String[]{"shop.local", "/api/"}, new String[]{"shop.local", "/api/users"}, new String[]{"shop.local", "/apix"},
            new String[]{"shop.local", "/api/v1"}, new String[]{"shop.local", "/api/v1/"}, new String[]{"shop.local", "/foo"},
            new String[]{"shop.local", "/foobar"}, new String[]{"shop.local", "/foo/bar"}, new String[]{"shop.local", "/gone/x"},
            new String[]{"eu.shop.local", "/anything"}, new String[]{"a.b.shop.local", "/public/x"},
            new String[]{"a.b.shop.local", "/"}, new String[]{"exact.local", "/only"}, new String[]{"exact.local", "/only/x"},
            new String[]{"exact.local", "/public"}, new String[]{"other.example", "/public"},
            new String[]{"other.example", "/public/a/b"}, new String[]{"other.example", "/publicity"},
            new String[]{"other.example", "/"});

    /** Three nodes, one Pod per backend Service (named after it), the cases' Ingress, a client Pod. */
    public static ClusterFixture fixture() {
        ClusterFixture f = ClusterFixture.threeNodes();
        int i = 0;
        for (String b : BACKENDS) {
            f.pod("default", "be-" + b, i++ % 2 == 0 ? "worker-1" : "worker-2", Map.of("be", b), tcp(80));
            f.service("default", "svc-" + b, "ClusterIP", Map.of("be", b), port(80, "80"));
        }
        f.pod("default", "client", "worker-2", Map.of("app", "client"));
        return f.ingress(INGRESS);
    }

    public static ClusterState state() {
        return fixture().build();
    }
}
