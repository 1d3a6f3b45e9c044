package io.kubecanvas.emulator.plan;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.kubecanvas.emulator.state.ClusterState;
import io.kubecanvas.emulator.state.ClusterState.IngressClassState;

import java.util.List;
import java.util.Map;

/**
 * Which Ingresses the cluster's controller routes. The emulated controller is ingress-nginx: it serves the
 * IngressClasses whose {@code spec.controller} is {@code k8s.io/ingress-nginx}, Ingresses that name one of
 * them (or, as it still does, carry the legacy annotation {@code kubernetes.io/ingress.class: nginx}), and
 * Ingresses without a class when there is a default class (the API server's DefaultIngressClass admission
 * gives them one). Anything else no controller of this cluster serves: it is not routed, and says why
 * (the docs, "Ingress": IngressClass and the default IngressClass).
 */
final class IngressClasses {
    static final String LEGACY_ANNOTATION = "kubernetes.io/ingress.class";

    private IngressClasses() {
    }

    /** Why the cluster's controller does not route {@code ing}, or null when it does. */
    static String whyNotServed(ClusterState state, Ingress ing) {
        List<String> served = state.ingressClasses().stream()
                .filter(c -> IngressClassState.INGRESS_NGINX.equals(c.controller())).map(IngressClassState::name).toList();
        String servedText = served.isEmpty() ? "no IngressClass" : "IngressClass " + String.join(", ", served);
        String name = ing.getSpec() == null ? null : ing.getSpec().getIngressClassName();
        Map<String, String> annotations = ing.getMetadata().getAnnotations();
        String legacy = annotations == null ? null : annotations.get(LEGACY_ANNOTATION);
        if ((name == null || name.isBlank()) && legacy != null) {
            return served.contains(legacy) ? null : "its annotation " + LEGACY_ANNOTATION + ": " + legacy
                    + " names a class the cluster's controller (ingress-nginx) does not serve; it serves " + servedText;
        }
        if (name == null || name.isBlank()) {
            List<IngressClassState> defaults = state.ingressClasses().stream().filter(IngressClassState::isDefault).toList();
            if (defaults.size() != 1) {
                return "it names no ingressClassName and the cluster has " + (defaults.isEmpty() ? "no" : defaults.size())
                        + " default IngressClass" + (defaults.isEmpty() ? "" : "es")
                        + ": ingress-nginx routes Ingresses without a class only with --watch-ingress-without-class";
            }
            name = defaults.get(0).name();
        }
        String className = name;
        IngressClassState c = state.ingressClasses().stream().filter(x -> x.name().equals(className)).findFirst().orElse(null);
        if (c == null) {
            return "IngressClass \"" + name + "\" does not exist; the cluster's controller (ingress-nginx) serves " + servedText;
        }
        if (!IngressClassState.INGRESS_NGINX.equals(c.controller())) {
            return "IngressClass \"" + name + "\" belongs to controller " + c.controller() + ", which does not run in this"
                    + " cluster; ingress-nginx serves " + servedText;
        }
        return null;
    }
}
