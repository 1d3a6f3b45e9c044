package io.kubecanvas.model.validate;

/**
 * Every rule the validator knows, with its stable id (what {@code [rule]} prints and what a user
 * searches for) and its severity. Ids follow kube-linter / kube-score naming where a rule exists there.
 */
public enum Rule {
    // ---- reading ----
    YAML_SYNTAX("yaml-syntax", Severity.ERROR, "the file cannot be read as YAML"),
    YAML_IGNORED_TAG("yaml-ignored-tag", Severity.WARNING, "a YAML tag Kubernetes ignores; the value is kept as plain data"),
    NOT_AN_OBJECT("not-an-object", Severity.ERROR, "a document that is a list or a scalar, not a Kubernetes object"),

    // ---- schema ----
    UNKNOWN_FIELD("unknown-field", Severity.ERROR, "a field the Kubernetes API does not know"),
    WRONG_TYPE("wrong-type", Severity.ERROR, "a value of the wrong type"),
    MISSING_FIELD("missing-field", Severity.ERROR, "a required field is missing"),
    INVALID_NAME("invalid-name", Severity.ERROR, "a name that is not a valid DNS-1123 name"),
    INVALID_LABEL("invalid-label", Severity.ERROR, "a label key or value with invalid syntax"),
    PORT_RANGE("port-range", Severity.ERROR, "a port outside 1-65535"),
    NODEPORT_RANGE("nodeport-range", Severity.ERROR, "a nodePort outside 30000-32767"),
    SELECTOR_TEMPLATE_MISMATCH("selector-template-mismatch", Severity.ERROR,
            "a workload selector that does not match its own Pod template"),
    INVALID_VALUE("invalid-value", Severity.ERROR, "a value the API does not accept"),
    UNKNOWN_KIND("unknown-kind", Severity.WARNING, "a kind that is carried through but not validated"),
    UNKNOWN_API_VERSION("unknown-api-version", Severity.ERROR, "an apiVersion the kind is not served under"),

    // ---- references across objects ----
    SERVICE_SELECTOR_MATCHES_NOTHING("service-selector-matches-nothing", Severity.WARNING,
            "a Service whose selector matches no Pod or Pod template"),
    SERVICE_TARGET_PORT("service-target-port", Severity.WARNING,
            "a Service targetPort the selected Pods do not expose"),
    INGRESS_BACKEND_SERVICE_MISSING("ingress-backend-service-missing", Severity.WARNING,
            "an Ingress backend naming a Service that is not in the design"),
    INGRESS_BACKEND_PORT_MISSING("ingress-backend-port-missing", Severity.WARNING,
            "an Ingress backend port the Service does not have"),
    NETWORKPOLICY_SELECTS_NOTHING("networkpolicy-selects-nothing", Severity.WARNING,
            "a NetworkPolicy whose podSelector selects no Pod"),
    DUPLICATE_OBJECT("duplicate-object", Severity.ERROR, "two objects with the same kind, namespace and name"),
    NODEPORT_CONFLICT("nodeport-conflict", Severity.ERROR, "two Services claiming one nodePort"),
    NETWORKPOLICY_NOT_ENFORCED("networkpolicy-not-enforced", Severity.WARNING,
            "a NetworkPolicy in a cluster whose network plugin enforces none (plain flannel)"),
    NAMESPACE_NOT_DECLARED("namespace-not-declared", Severity.INFO, "an object in a Namespace the design does not declare"),

    // ---- practices ----
    NODEPORT_SERVICE("nodeport-service", Severity.WARNING, "a NodePort Service (avoid in production)"),
    HOST_NETWORK("host-network", Severity.WARNING, "a Pod on the host network"),
    NO_NETWORKPOLICY("namespace-without-networkpolicy", Severity.WARNING,
            "a namespace with workloads and no NetworkPolicy"),
    LATEST_TAG("latest-tag", Severity.WARNING, "an image with :latest or no tag"),
    NO_RESOURCES("unset-resources", Severity.WARNING, "a container without resource requests or limits"),
    NO_READINESS_PROBE("no-readiness-probe", Severity.WARNING, "a container without a readiness probe"),
    SINGLE_REPLICA("single-replica", Severity.WARNING, "a Deployment with a single replica"),

    /** A defect of the validator itself, reported instead of stopping the whole run. */
    VALIDATOR_ERROR("validator-error", Severity.WARNING, "the validator failed on this object"),

    // ---- the design's cluster ----
    CLUSTER_SETTINGS("cluster-settings", Severity.ERROR, "a Cluster document setting that cannot work");

    private final String id;
    private final Severity severity;
    private final String summary;

    Rule(String id, Severity severity, String summary) {
        this.id = id;
        this.severity = severity;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String summary() {
        return summary;
    }

    public static Rule byId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }
}
