package io.kubecanvas.model.validate;

/**
 * Every rule the validator knows, with its stable id (what {@code [rule]} prints and what a user
 * searches for) and its severity. Ids follow kube-linter / kube-score naming where a rule exists there.
 */
public enum Rule {
    // ---- reading ----
    YAML_SYNTAX("yaml-syntax", Severity.ERROR, "the file cannot be read as YAML",
            "YAML 1.2 spec; kubectl's decoder (k8s.io/apimachinery/pkg/util/yaml)"),
    YAML_IGNORED_TAG("yaml-ignored-tag", Severity.WARNING, "a YAML tag Kubernetes ignores; the value is kept as plain data",
            "sigs.k8s.io/yaml converts YAML to JSON, which has no tags"),
    NOT_AN_OBJECT("not-an-object", Severity.ERROR, "a document that is a list or a scalar, not a Kubernetes object",
            "kubectl apply: \"Object 'Kind' is missing\""),

    // ---- schema ----
    UNKNOWN_FIELD("unknown-field", Severity.ERROR, "a field the Kubernetes API does not know",
            "API server strict field validation (kubectl --validate=strict); kube-linter schema-validation"),
    WRONG_TYPE("wrong-type", Severity.ERROR, "a value of the wrong type",
            "API server decoding (\"cannot unmarshal string into Go struct field\"); kubeconform"),
    MISSING_FIELD("missing-field", Severity.ERROR, "a required field is missing",
            "k8s.io/kubernetes/pkg/apis/*/validation: \"Required value\""),
    INVALID_NAME("invalid-name", Severity.ERROR, "a name that is not valid for its kind",
            "apimachinery validation: NameIsDNSSubdomain, NameIsDNS1035Label (Services), ValidatePathSegmentName (RBAC), "
                    + "IsValidPortName (container ports), IsDNS1123Label (Service ports)"),
    INVALID_LABEL("invalid-label", Severity.ERROR, "a label key or value with invalid syntax",
            "apimachinery metav1validation.ValidateLabels (IsQualifiedName, IsValidLabelValue)"),
    PORT_RANGE("port-range", Severity.ERROR, "a port outside 1-65535",
            "core validation: validatePortNumOrName / IsValidPortNum; kube-linter invalid-target-ports"),
    NODEPORT_RANGE("nodeport-range", Severity.ERROR, "a nodePort outside 30000-32767",
            "kube-apiserver --service-node-port-range (default 30000-32767)"),
    SELECTOR_TEMPLATE_MISMATCH("selector-template-mismatch", Severity.ERROR,
            "a workload selector that does not match its own Pod template",
            "apps validation: \"selector does not match template labels\"; kube-linter mismatching-selector"),
    INVALID_VALUE("invalid-value", Severity.ERROR, "a value the API does not accept",
            "k8s.io/kubernetes/pkg/apis/*/validation: \"Unsupported value\" / \"Invalid value\""),
    UNKNOWN_KIND("unknown-kind", Severity.INFO, "a kind whose schema is not known; only its metadata is checked",
            "kubeconform: \"could not find schema\" (custom resources need their CRD's schema)"),
    UNKNOWN_API_VERSION("unknown-api-version", Severity.ERROR, "an apiVersion the kind is not served under",
            "Kubernetes deprecated API migration guide; kube-linter no-extensions-v1beta"),

    // ---- references across objects ----
    SERVICE_SELECTOR_MATCHES_NOTHING("service-selector-matches-nothing", Severity.WARNING,
            "a Service whose selector matches no Pod or Pod template",
            "kube-linter dangling-service; kube-score service-targets-pod"),
    SERVICE_TARGET_PORT("service-target-port", Severity.WARNING,
            "a Service targetPort the selected Pods do not declare (a name: an error at run time; a number: info)",
            "Service docs (targetPort by name resolves against containerPort names); kube-linter invalid-target-ports"),
    INGRESS_BACKEND_SERVICE_MISSING("ingress-backend-service-missing", Severity.WARNING,
            "an Ingress backend naming a Service that is not in the design",
            "kube-linter dangling-ingress; kube-score ingress-targets-service"),
    INGRESS_BACKEND_PORT_MISSING("ingress-backend-port-missing", Severity.WARNING,
            "an Ingress backend port the Service does not have", "kube-linter dangling-ingress (name and port)"),
    INGRESS_TLS_SECRET_MISSING("ingress-tls-secret-missing", Severity.WARNING,
            "an Ingress TLS secretName that no Secret (or cert-manager Certificate) of the design provides",
            "Ingress docs, TLS section (the Secret must exist in the Ingress's namespace)"),
    NETWORKPOLICY_SELECTS_NOTHING("networkpolicy-selects-nothing", Severity.WARNING,
            "a NetworkPolicy whose podSelector selects no Pod",
            "kube-score networkpolicy-targets-pod; kube-linter dangling-networkpolicy"),
    PDB_SELECTS_NOTHING("pdb-selects-nothing", Severity.WARNING,
            "a PodDisruptionBudget whose selector selects no Pod or Pod template",
            "PodDisruptionBudget docs (the selector must match the workload's Pods); kube-score poddisruptionbudget checks"),
    DUPLICATE_OBJECT("duplicate-object", Severity.ERROR, "two objects with the same kind, namespace and name",
            "API server: \"AlreadyExists\" on create"),
    NODEPORT_CONFLICT("nodeport-conflict", Severity.ERROR, "two Services claiming one nodePort",
            "API server: \"provided port is already allocated\""),
    NETWORKPOLICY_NOT_ENFORCED("networkpolicy-not-enforced", Severity.WARNING,
            "a NetworkPolicy in a cluster whose network plugin enforces none (plain flannel)",
            "Kubernetes docs, Network Policies: \"you must be using a networking solution which supports NetworkPolicy\"; flannel's README"),
    NAMESPACE_NOT_DECLARED("namespace-not-declared", Severity.INFO, "an object in a Namespace the design does not declare",
            "API server: \"namespaces not found\" unless created first"),

    // ---- practices ----
    NODEPORT_SERVICE("nodeport-service", Severity.WARNING, "a NodePort Service (avoid in production)",
            "kube-score service-type (NodePort); kube-linter exposed-services"),
    HOST_NETWORK("host-network", Severity.WARNING, "a Pod on the host network", "kube-linter host-network"),
    NO_NETWORKPOLICY("namespace-without-networkpolicy", Severity.WARNING,
            "a Pod (or Pod template) no NetworkPolicy isolates for ingress or egress",
            "kube-score pod-networkpolicy (per Pod, per policy type); NetworkPolicy docs, isolated and non-isolated Pods"),
    LATEST_TAG("latest-tag", Severity.WARNING, "an image with :latest or no tag",
            "kube-linter latest-tag; kube-score container-image-tag"),
    NO_RESOURCES("unset-resources", Severity.WARNING, "a container without resource requests or limits",
            "kube-linter unset-cpu-requirements, unset-memory-requirements; kube-score container-resources"),
    NO_READINESS_PROBE("no-readiness-probe", Severity.WARNING,
            "a Pod a Service targets where no container has a readiness probe",
            "kube-score pod-probes (only Pods a Service targets; one probe in the Pod is enough; not Jobs)"),
    PROBE_PORT("probe-port", Severity.WARNING, "a liveness, readiness or startup probe on a port the container does not declare",
            "kube-linter liveness-port, readiness-port, startup-port"),
    DUPLICATE_ENV_VAR("duplicate-env-var", Severity.WARNING, "a container that sets one environment variable twice",
            "kube-linter duplicate-env-var; kube-score environment-variable-key-duplication; API server warning"),
    PRIVILEGED_CONTAINER("privileged-container", Severity.WARNING, "a privileged container",
            "kube-linter privileged-container; kube-score container-security-context-privileged; Pod Security Standards (baseline)"),
    PRIVILEGE_ESCALATION("privilege-escalation-container", Severity.WARNING,
            "a container that allows privilege escalation (allowPrivilegeEscalation, privileged or CAP_SYS_ADMIN)",
            "kube-linter privilege-escalation-container; Pod Security Standards (restricted)"),
    RUN_AS_NON_ROOT("run-as-non-root", Severity.WARNING, "a container that may run as root",
            "kube-linter run-as-non-root; Pod Security Standards (restricted)"),
    READ_ONLY_ROOT_FS("no-read-only-root-fs", Severity.WARNING, "a container with a writable root filesystem",
            "kube-linter no-read-only-root-fs; kube-score container-security-context-readonlyrootfilesystem"),
    SINGLE_REPLICA("single-replica", Severity.WARNING, "a Deployment with a single replica",
            "kube-linter minimum-three-replicas (ours asks for 2); kube-score deployment-replicas"),

    /** A defect of the validator itself, reported instead of stopping the whole run. */
    VALIDATOR_ERROR("validator-error", Severity.WARNING, "the validator failed on this object", "KubeCanvas"),

    // ---- the design's cluster ----
    CLUSTER_SETTINGS("cluster-settings", Severity.ERROR, "a Cluster document setting that cannot work",
            "KubeCanvas Cluster document; kube-controller-manager --cluster-cidr / --node-cidr-mask-size");

    private final String id;
    private final Severity severity;
    private final String summary;
    private final String source;

    Rule(String id, Severity severity, String summary, String source) {
        this.id = id;
        this.severity = severity;
        this.summary = summary;
        this.source = source;
    }

    /** Where the rule comes from: the Kubernetes validation or docs page, and the peer linters' check names. */
    public String source() {
        return source;
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
