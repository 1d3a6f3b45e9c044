package io.kubecanvas.model.validate;

import java.util.Random;

/**
 * Realistic manifests in bulk for benchmarks and scale tests: namespaces each holding apps made of a
 * Deployment, its Service, often an Ingress, sometimes a bare Pod, and a NetworkPolicy per namespace.
 * A few objects carry the mistakes people make (a :latest image, a selector typo, a NodePort), so a run
 * produces findings as real designs do. Deterministic for a given seed.
 */
public final class GeneratedManifests {
    private GeneratedManifests() {
    }

    /** Multi-document YAML with exactly {@code objects} Kubernetes objects. */
    public static String yaml(int objects, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(objects * 700);
        int count = 0;
        int ns = 0;
        while (count < objects) {
            String namespace = "team-" + ns++;
            count += emit(b, count, objects, namespace(namespace));
            count += emit(b, count, objects, policy(namespace));
            int apps = 10 + r.nextInt(20);
            for (int a = 0; a < apps && count < objects; a++) {
                String app = "app-" + a;
                int port = 8000 + r.nextInt(1000);
                count += emit(b, count, objects, deployment(namespace, app, port, 1 + r.nextInt(4),
                        r.nextInt(20) == 0 ? "latest" : "1." + r.nextInt(30)));
                boolean typo = r.nextInt(50) == 0;
                count += emit(b, count, objects, service(namespace, app, typo ? app + "x" : app, port,
                        r.nextInt(10) == 0 ? 30000 + (ns * 97 + a) % 2700 : 0));
                if (r.nextInt(3) == 0) {
                    count += emit(b, count, objects, ingress(namespace, app, port));
                }
                if (r.nextInt(5) == 0) {
                    count += emit(b, count, objects, pod(namespace, app + "-debug"));
                }
            }
        }
        return b.toString();
    }

    private static int emit(StringBuilder b, int count, int max, String doc) {
        if (count >= max) {
            return 0;
        }
        b.append("---\n").append(doc);
        return 1;
    }

    private static String namespace(String ns) {
        return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n  labels:\n    team: " + ns + "\n";
    }

    private static String policy(String ns) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: " + ns
                + "\nspec:\n  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n  ingress:\n    - from:\n        - podSelector:\n"
                + "            matchLabels:\n              role: frontend\n      ports:\n        - protocol: TCP\n          port: 8080\n"
                + "  egress:\n    - ports:\n        - protocol: UDP\n          port: 53\n";
    }

    private static String deployment(String ns, String app, int port, int replicas, String tag) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + app + "\n  namespace: " + ns
                + "\n  labels:\n    app.kubernetes.io/name: " + app + "\n    app.kubernetes.io/part-of: shop\n"
                + "spec:\n  replicas: " + replicas + "\n  selector:\n    matchLabels:\n      app: " + app + "\n"
                + "  template:\n    metadata:\n      labels:\n        app: " + app + "\n        tier: backend\n"
                + "    spec:\n      containers:\n        - name: " + app + "\n          image: registry.example.com/shop/"
                + app + ":" + tag + "\n          imagePullPolicy: IfNotPresent\n          ports:\n            - name: http\n"
                + "              containerPort: " + port + "\n              protocol: TCP\n          env:\n"
                + "            - name: LOG_LEVEL\n              value: info\n          resources:\n            requests:\n"
                + "              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi\n"
                + "          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n"
                + "            periodSeconds: 5\n          securityContext:\n            runAsNonRoot: true\n"
                + "            readOnlyRootFilesystem: true\n            allowPrivilegeEscalation: false\n";
    }

    private static String service(String ns, String name, String selects, int port, int nodePort) {
        return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\nspec:\n"
                + "  type: " + (nodePort > 0 ? "NodePort" : "ClusterIP") + "\n  selector:\n    app: " + selects + "\n"
                + "  ports:\n    - name: http\n      port: 80\n      targetPort: " + port + "\n"
                + (nodePort > 0 ? "      nodePort: " + nodePort + "\n" : "");
    }

    private static String ingress(String ns, String app, int port) {
        return "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: " + app + "\n  namespace: " + ns + "\n"
                + "spec:\n  ingressClassName: nginx\n  rules:\n    - host: " + app + "." + ns + ".example.com\n      http:\n"
                + "        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n"
                + "              service:\n                name: " + app + "\n                port:\n                  number: 80\n";
    }

    private static String pod(String ns, String name) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\n  labels:\n"
                + "    app: " + name + "\nspec:\n  containers:\n    - name: shell\n      image: busybox:1.36\n"
                + "      command: [\"sleep\", \"3600\"]\n";
    }
}
