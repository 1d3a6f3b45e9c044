package io.kubecanvas.model.validate;

import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.yaml.YamlPath;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Service backends of an Ingress, in every version it was served under: networking.k8s.io/v1
 * ({@code defaultBackend}, {@code backend.service.name} and {@code backend.service.port.number|name}) and the
 * removed extensions/v1beta1 and networking.k8s.io/v1beta1 ({@code backend}, {@code backend.serviceName} and
 * {@code backend.servicePort}, a number or a name).
 */
record IngressBackends(KubeObject ingress, boolean legacy) {

    /**
     * One backend: where it is, and the Service name and port as written (null when missing).
     *
     * @param path     the backend's path, such as {@code spec.rules[0].http.paths[1].backend}
     * @param resource true for a {@code resource} backend (no Service)
     */
    record Backend(String path, Object serviceName, Object portNumber, Object portName, String namePath, String portPath,
                   boolean resource) {
    }

    static IngressBackends of(KubeObject ingress) {
        // v1beta1 names the Service with serviceName; v1 nests it under service.
        return new IngressBackends(ingress, ingress.apiVersion() != null && ingress.apiVersion().endsWith("v1beta1"));
    }

    String defaultBackendPath() {
        return legacy ? "spec.backend" : "spec.defaultBackend";
    }

    /** Every backend, the default one first; paths without a backend are left out (reported by the object rules). */
    List<Backend> all() {
        List<Backend> out = new ArrayList<>();
        if (Tree.at(ingress, defaultBackendPath()) instanceof Map<?, ?>) {
            out.add(read(defaultBackendPath()));
        }
        List<Object> rules = Tree.list(ingress, "spec.rules");
        for (int i = 0; i < rules.size(); i++) {
            String rp = YamlPath.index("spec.rules", i) + ".http.paths";
            List<Object> paths = Tree.list(ingress, rp);
            for (int j = 0; j < paths.size(); j++) {
                String bp = YamlPath.index(rp, j) + ".backend";
                if (Tree.at(ingress, bp) instanceof Map<?, ?>) {
                    out.add(read(bp));
                }
            }
        }
        return out;
    }

    Backend read(String bp) {
        boolean resource = Tree.at(ingress, bp + ".resource") != null;
        if (legacy) {
            Object port = Tree.at(ingress, bp + ".servicePort");
            return new Backend(bp, Tree.at(ingress, bp + ".serviceName"), port instanceof Number ? port : null,
                    port instanceof String ? port : null, bp + ".serviceName", bp + ".servicePort", resource);
        }
        Object number = Tree.at(ingress, bp + ".service.port.number");
        return new Backend(bp, Tree.at(ingress, bp + ".service.name"), number, Tree.at(ingress, bp + ".service.port.name"),
                bp + ".service.name", bp + ".service.port" + (number != null ? ".number" : ".name"), resource);
    }
}
