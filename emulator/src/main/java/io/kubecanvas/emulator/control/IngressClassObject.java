package io.kubecanvas.emulator.control;

/**
 * An IngressClass as the API server holds it.
 *
 * @param isDefault the {@code ingressclass.kubernetes.io/is-default-class: "true"} annotation
 * @param system    the emulator's own class (ingress-nginx's {@code nginx}), which yields its default to a design's
 */
public record IngressClassObject(String name, String controller, boolean isDefault, boolean system) {
    public static final String DEFAULT_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
    /** The annotation ingress-nginx still honours in place of spec.ingressClassName. */
    public static final String LEGACY_ANNOTATION = "kubernetes.io/ingress.class";

    /** The emulator's own class: the one ingress-nginx serves, default unless the design has a default. */
    static IngressClassObject emulators() {
        var nginx = io.kubecanvas.emulator.state.ClusterState.NGINX;
        return new IngressClassObject(nginx.name(), nginx.controller(), true, true);
    }
}
