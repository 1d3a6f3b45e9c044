package io.kubecanvas.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeyOrderTest {

    private static KubeObject read(String yaml) throws Exception {
        return DesignIO.parse("t.yaml", yaml).objects().get(0);
    }

    @Test
    void aHostAddedToAnIngressRuleIsWrittenBeforeHttp() throws Exception {
        KubeObject ing = read("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: web
                spec:
                  rules:
                    - http:
                        paths:
                          - path: /
                            pathType: Prefix
                            backend:
                              service:
                                name: web
                                port:
                                  number: 80
                """);
        String text = ing.with("spec.rules[0].host", "example.local").text();
        assertEquals("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: web
                spec:
                  rules:
                    - host: example.local
                      http:
                        paths:
                          - path: /
                            pathType: Prefix
                            backend:
                              service:
                                name: web
                                port:
                                  number: 80
                """, text);
    }

    @Test
    void keysAsReadKeepTheirPlaceAndAddedOnesGoWhereTheDocumentationPutsThem() throws Exception {
        KubeObject pod = read("""
                kind: Pod
                apiVersion: v1
                metadata:
                  labels:
                    app: a
                  name: a
                spec:
                  containers:
                    - image: nginx
                      name: web
                """);
        KubeObject edited = pod.edit(t -> {
            Trees.set(t, "metadata.namespace", "shop");
            Trees.set(t, "spec.containers[0].ports", List.of(Map.of("containerPort", 80)));
            Trees.set(t, "spec.nodeName", "worker-1");
            Trees.set(t, "spec.x-unknown", true);
        });
        assertEquals("""
                kind: Pod
                apiVersion: v1
                metadata:
                  labels:
                    app: a
                  name: a
                  namespace: shop
                spec:
                  nodeName: worker-1
                  containers:
                    - image: nginx
                      name: web
                      ports:
                        - containerPort: 80
                  x-unknown: true
                """, edited.text(), "the author's order (kind first, labels before name) stays");
    }

    @Test
    void aNewServiceWritesNameProtocolPortTargetPortAndAnEmptySelectorOnOneLine() {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("targetPort", 8080);
        port.put("port", 80);
        port.put("protocol", "TCP");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ports", List.of(port));
        spec.put("selector", new LinkedHashMap<>());
        spec.put("type", "ClusterIP");
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("spec", spec);
        tree.put("metadata", Map.of("name", "web"));
        tree.put("kind", "Service");
        tree.put("apiVersion", "v1");
        KubeObject svc = KubeObject.of(KeyOrder.placeNewKeys(null, tree));
        assertEquals("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  type: ClusterIP
                  selector: {}
                  ports:
                    - protocol: TCP
                      port: 80
                      targetPort: 8080
                """, svc.text());
    }
}
