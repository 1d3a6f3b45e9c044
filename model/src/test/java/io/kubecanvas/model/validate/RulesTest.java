package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rule, against one design that follows every rule: the clean design has no finding at all, and
 * each case breaks it in one place and must get that rule (and, where a quick fix exists, lose it again
 * once the fix is applied).
 */
class RulesTest {
    private final DesignValidator validator = new DesignValidator();

    /** A design that breaks no rule. */
    static final String CLEAN = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: web-only
              namespace: shop
            spec:
              podSelector:
                matchLabels:
                  app: web
              policyTypes: [Ingress, Egress]
              ingress:
                - ports:
                    - port: 8080
              egress:
                - ports:
                    - {protocol: UDP, port: 53}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              labels:
                app.kubernetes.io/name: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: nginx
                      image: nginx:1.27
                      imagePullPolicy: IfNotPresent
                      ports:
                        - name: http
                          containerPort: 8080
                      resources:
                        requests: {cpu: 100m, memory: 64Mi}
                        limits: {memory: 128Mi}
                      readinessProbe:
                        httpGet: {path: /, port: http}
                      securityContext:
                        runAsNonRoot: true
                        readOnlyRootFilesystem: true
                        allowPrivilegeEscalation: false
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
            spec:
              selector:
                app: web
              ports:
                - name: http
                  port: 80
                  targetPort: http
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              namespace: shop
            spec:
              rules:
                - host: shop.example.com
                  http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: web
                            port:
                              number: 80
            """;

    /** One broken design: the rule it must trigger, the text that breaks it, the line of the finding. */
    record Case(Rule rule, String name, String yaml, int line, Severity severity) {
        Case(Rule rule, String name, String yaml, int line) {
            this(rule, name, yaml, line, rule.severity());
        }

        Case as(Severity s) {
            return new Case(rule, name, yaml, line, s);
        }
    }

    static Case replace(Rule rule, String name, String from, String to, int line) {
        assertTrue(CLEAN.contains(from), from);
        return new Case(rule, name, CLEAN.replace(from, to), line);
    }

    static Case add(Rule rule, String name, String doc, int line) {
        return new Case(rule, name, CLEAN + "---\n" + doc, line + 1); // after the --- line
    }

    /** The line of CLEAN (1-based) holding {@code text}. */
    static int lineOf(String text) {
        int at = CLEAN.indexOf(text);
        assertTrue(at >= 0, text);
        return (int) CLEAN.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    static final int END = (int) CLEAN.chars().filter(c -> c == '\n').count();

    static List<Case> cases() {
        return List.of(
                replace(Rule.UNKNOWN_FIELD, "misspelt field with a suggestion", "imagePullPolicy: IfNotPresent",
                        "imagePullPolicyy: IfNotPresent", lineOf("imagePullPolicy:")),
                replace(Rule.UNKNOWN_FIELD, "unknown field at the top", "kind: Ingress\n", "kind: Ingress\nfoo: bar\n",
                        lineOf("kind: Ingress") + 1),
                replace(Rule.WRONG_TYPE, "string where an integer is expected", "replicas: 2", "replicas: \"2\"", lineOf("replicas:")),
                replace(Rule.WRONG_TYPE, "map where a list is expected", "containers:\n        - name: nginx",
                        "containers:\n          name: nginx", lineOf("containers:")),
                replace(Rule.WRONG_TYPE, "number where a string is expected", "image: nginx:1.27", "image: 127",
                        lineOf("image: nginx")),
                replace(Rule.MISSING_FIELD, "container without image", "          image: nginx:1.27\n", "", lineOf("- name: nginx")),
                replace(Rule.MISSING_FIELD, "Service without ports",
                        "  ports:\n    - name: http\n      port: 80\n      targetPort: http\n", "", lineOf("kind: Service") + 4),
                replace(Rule.MISSING_FIELD, "Ingress path without pathType", "            pathType: Prefix\n", "", lineOf("- path: /")),
                replace(Rule.MISSING_FIELD, "Ingress backend without port",
                        "                port:\n                  number: 80\n", "", lineOf("service:\n                name: web")),
                replace(Rule.INVALID_NAME, "upper case Deployment name", "name: web\n  namespace: shop\n  labels",
                        "name: Web_App\n  namespace: shop\n  labels", lineOf("name: web\n  namespace: shop\n  labels")),
                replace(Rule.INVALID_NAME, "Service name starting with a digit", "kind: Service\nmetadata:\n  name: web",
                        "kind: Service\nmetadata:\n  name: 1web", lineOf("kind: Service") + 2),
                replace(Rule.INVALID_LABEL, "label value with a space", "app.kubernetes.io/name: web",
                        "app.kubernetes.io/name: my web", lineOf("app.kubernetes.io/name")),
                replace(Rule.INVALID_LABEL, "label key with two slashes", "app.kubernetes.io/name: web",
                        "a/b/c: web", lineOf("app.kubernetes.io/name")),
                replace(Rule.PORT_RANGE, "containerPort 70000", "containerPort: 8080", "containerPort: 70000",
                        lineOf("containerPort")),
                add(Rule.NODEPORT_RANGE, "nodePort 8080", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: web-np, namespace: shop}
                        spec:
                          type: NodePort
                          selector: {app: web}
                          ports:
                            - port: 80
                              targetPort: http
                              nodePort: 8080
                        """, END + 10),
                replace(Rule.SELECTOR_TEMPLATE_MISMATCH, "selector app: web vs template app: webapp",
                        "      labels:\n        app: web\n", "      labels:\n        app: webapp\n",
                        lineOf("  selector:\n    matchLabels:\n      app: web")),
                replace(Rule.INVALID_VALUE, "Service type typo", "targetPort: http\n", "targetPort: http\n  type: NodePrt\n",
                        lineOf("targetPort: http") + 1),
                replace(Rule.INVALID_VALUE, "quantity that does not parse", "cpu: 100m", "cpu: lots", lineOf("cpu: 100m")),
                add(Rule.UNKNOWN_KIND, "a CRD kind", """
                        apiVersion: example.com/v1
                        kind: Widget
                        metadata: {name: w, namespace: shop}
                        """, END + 2),
                replace(Rule.UNKNOWN_API_VERSION, "Ingress under extensions/v1beta1", "apiVersion: networking.k8s.io/v1\nkind: Ingress",
                        "apiVersion: extensions/v1beta1\nkind: Ingress", lineOf("kind: Ingress") - 1),
                replace(Rule.SERVICE_SELECTOR_MATCHES_NOTHING, "selector typo", "  selector:\n    app: web\n  ports",
                        "  selector:\n    app: wbe\n  ports", lineOf("  selector:\n    app: web\n  ports")),
                // Declaring containerPort is informational (core/v1 Container.ports): an undeclared number is info.
                replace(Rule.SERVICE_TARGET_PORT, "targetPort number not declared", "targetPort: http", "targetPort: 9090",
                        lineOf("targetPort: http")).as(Severity.INFO),
                replace(Rule.SERVICE_TARGET_PORT, "targetPort name not declared", "targetPort: http", "targetPort: https",
                        lineOf("targetPort: http")),
                replace(Rule.INGRESS_BACKEND_SERVICE_MISSING, "backend names a missing Service",
                        "service:\n                name: web", "service:\n                name: wbe",
                        lineOf("service:\n                name: web") + 1),
                replace(Rule.INGRESS_BACKEND_PORT_MISSING, "backend port the Service lacks", "number: 80", "number: 8081",
                        lineOf("number: 80")),
                replace(Rule.NETWORKPOLICY_SELECTS_NOTHING, "policy selects no Pod", "matchLabels:\n      app: web\n  policyTypes",
                        "matchLabels:\n      app: api\n  policyTypes", lineOf("podSelector:")),
                add(Rule.DUPLICATE_OBJECT, "the Service twice", """
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: web
                          namespace: shop
                        spec:
                          selector: {app: web}
                          ports: [{name: http, port: 80, targetPort: http}]
                        """, END + 4),
                add(Rule.NODEPORT_CONFLICT, "two Services on nodePort 30080", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: a, namespace: shop}
                        spec:
                          type: NodePort
                          selector: {app: web}
                          ports: [{port: 80, targetPort: http, nodePort: 30080}]
                        ---
                        apiVersion: v1
                        kind: Service
                        metadata: {name: b, namespace: shop}
                        spec:
                          type: NodePort
                          selector: {app: web}
                          ports: [{port: 80, targetPort: http, nodePort: 30080}]
                        """, END + 15),
                add(Rule.NAMESPACE_NOT_DECLARED, "ConfigMap in an undeclared namespace", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: settings, namespace: billing}
                        data: {mode: fast}
                        """, END + 3),
                add(Rule.NODEPORT_SERVICE, "a NodePort Service", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: web-np, namespace: shop}
                        spec:
                          type: NodePort
                          selector: {app: web}
                          ports: [{port: 80, targetPort: http}]
                        """, END + 5),
                replace(Rule.HOST_NETWORK, "hostNetwork: true", "    spec:\n      containers:",
                        "    spec:\n      hostNetwork: true\n      containers:", lineOf("    spec:\n      containers:") + 1),
                replace(Rule.NO_NETWORKPOLICY, "no NetworkPolicy in the namespace", "kind: NetworkPolicy\nmetadata:\n  name: web-only\n  namespace: shop",
                        "kind: NetworkPolicy\nmetadata:\n  name: web-only\n  namespace: other", lineOf("  template:\n    metadata:") + 1),
                // kube-score pod-networkpolicy: an Ingress-only policy leaves the Pod open for egress.
                replace(Rule.NO_NETWORKPOLICY, "ingress-only policy", "policyTypes: [Ingress, Egress]", "policyTypes: [Ingress]",
                        lineOf("  template:\n    metadata:") + 1),
                replace(Rule.PROBE_PORT, "readiness probe on an undeclared port name", "httpGet: {path: /, port: http}",
                        "httpGet: {path: /, port: health}", lineOf("httpGet: {path: /, port: http}")),
                replace(Rule.DUPLICATE_ENV_VAR, "MODE set twice", "          imagePullPolicy: IfNotPresent\n",
                        "          imagePullPolicy: IfNotPresent\n          env:\n            - {name: MODE, value: a}\n"
                                + "            - {name: MODE, value: b}\n", lineOf("imagePullPolicy:") + 3),
                replace(Rule.PRIVILEGED_CONTAINER, "privileged: true", "allowPrivilegeEscalation: false",
                        "allowPrivilegeEscalation: false\n            privileged: true", lineOf("allowPrivilegeEscalation:") + 1),
                replace(Rule.PRIVILEGE_ESCALATION, "allowPrivilegeEscalation: true", "allowPrivilegeEscalation: false",
                        "allowPrivilegeEscalation: true", lineOf("allowPrivilegeEscalation:")),
                replace(Rule.RUN_AS_NON_ROOT, "runAsNonRoot left out", "            runAsNonRoot: true\n", "",
                        lineOf("securityContext:")),
                replace(Rule.READ_ONLY_ROOT_FS, "writable root filesystem", "readOnlyRootFilesystem: true",
                        "readOnlyRootFilesystem: false", lineOf("securityContext:")),
                replace(Rule.INGRESS_TLS_SECRET_MISSING, "TLS Secret not in the design", "  rules:\n    - host: shop.example.com",
                        "  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n  rules:\n    - host: shop.example.com",
                        lineOf("  rules:\n    - host: shop.example.com") + 2),
                add(Rule.PDB_SELECTS_NOTHING, "PDB selector typo", """
                        apiVersion: policy/v1
                        kind: PodDisruptionBudget
                        metadata: {name: web, namespace: shop}
                        spec:
                          minAvailable: 1
                          selector:
                            matchLabels: {app: wbe}
                        """, END + 6),
                replace(Rule.LATEST_TAG, ":latest", "image: nginx:1.27", "image: nginx:latest", lineOf("image: nginx")),
                replace(Rule.LATEST_TAG, "no tag", "image: nginx:1.27", "image: registry:5000/nginx", lineOf("image: nginx")),
                replace(Rule.NO_RESOURCES, "no limits", "            limits: {memory: 128Mi}\n", "", lineOf("resources:")),
                replace(Rule.NO_READINESS_PROBE, "no readiness probe", "          readinessProbe:\n            httpGet: {path: /, port: http}\n", "",
                        lineOf("- name: nginx")),
                replace(Rule.SINGLE_REPLICA, "replicas: 1", "replicas: 2", "replicas: 1", lineOf("replicas:")),
                replace(Rule.NOT_AN_OBJECT, "a list document", "---\napiVersion: v1\nkind: Service", "---\n- a\n- b\n---\napiVersion: v1\nkind: Service",
                        lineOf("---\napiVersion: v1\nkind: Service") + 1),
                add(Rule.NETWORKPOLICY_NOT_ENFORCED, "plain flannel enforces no NetworkPolicy", """
                        apiVersion: kubecanvas.io/v1alpha1
                        kind: Cluster
                        metadata: {name: lab}
                        spec:
                          network:
                            networkPlugin: flannel
                        """, lineOf("kind: NetworkPolicy") - 1), // add() counts from after the --- line
                add(Rule.CLUSTER_SETTINGS, "unknown CNI", """
                        apiVersion: kubecanvas.io/v1alpha1
                        kind: Cluster
                        metadata: {name: lab}
                        spec:
                          network:
                            cni: calico
                        """, END + 6),
                add(Rule.CLUSTER_SETTINGS, "bad node name and CIDR", """
                        apiVersion: kubecanvas.io/v1alpha1
                        kind: Cluster
                        metadata: {name: lab}
                        spec:
                          nodes:
                            - {name: Worker_1, role: worker}
                          network:
                            clusterCIDR: 10.244.0.0/33
                        """, END + 6));
    }

    @Test
    void theCleanDesignHasNoFinding() throws YamlException {
        List<Finding> findings = validator.validate(DesignIO.parse("clean.yaml", CLEAN));
        assertEquals(List.of(), findings.stream().map(Finding::describe).toList());
    }

    @TestFactory
    Stream<DynamicTest> eachCaseTriggersItsRuleAtItsLine() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.rule().id() + ": " + c.name(), () -> {
            Design design = DesignIO.parse("case.yaml", c.yaml());
            List<Finding> findings = validator.validate(design);
            List<Finding> hits = findings.stream().filter(f -> f.rule().equals(c.rule().id())).toList();
            assertFalse(hits.isEmpty(), () -> "no " + c.rule().id() + " in " + findings.stream().map(Finding::describe).toList());
            Finding f = hits.get(0);
            assertEquals(c.severity(), f.severity());
            assertEquals("case.yaml", f.position().file());
            assertEquals(c.line(), f.position().line(), f::describe);
            assertFalse(f.message().isBlank());
            if (f.fix() != null) {
                Design fixed = f.fix().apply().apply(design);
                // The fixed design must still be valid YAML that reads back the same way.
                Design reread = DesignIO.parse("fixed.yaml", fixed.toManifestYaml());
                long before = hits.size();
                long after = validator.validate(reread).stream().filter(x -> x.rule().equals(c.rule().id())).count();
                assertTrue(after < before, () -> "the fix '" + f.fix().title() + "' left " + after + " of " + before);
            }
        }));
    }

    @Test
    void everyRuleHasACase() {
        Set<Rule> covered = cases().stream().map(Case::rule).collect(Collectors.toCollection(() -> EnumSet.noneOf(Rule.class)));
        covered.add(Rule.YAML_SYNTAX); // covered by ValidatorFilesTest
        covered.add(Rule.YAML_IGNORED_TAG); // covered by LoadWarningsTest (it needs a file load)
        covered.add(Rule.VALIDATOR_ERROR); // must never happen: ValidatorRobustnessTest
        Set<Rule> missing = EnumSet.complementOf(EnumSet.copyOf(covered));
        assertEquals(Set.of(), missing);
    }

    @Test
    void misspeltFieldSuggestsTheKnownNameAndTheFixRenamesIt() throws YamlException {
        Design d = DesignIO.parse("x.yaml", CLEAN.replace("imagePullPolicy:", "imagePullPolicyy:"));
        Finding f = validator.validate(d).stream().filter(x -> x.rule().equals("unknown-field")).findFirst().orElseThrow();
        assertEquals("spec.template.spec.containers[0].imagePullPolicyy", f.path());
        assertTrue(f.message().contains("did you mean 'imagePullPolicy'"), f.message());
        Design fixed = f.fix().apply().apply(d);
        assertEquals("IfNotPresent", fixed.objects("Deployment").get(0).get("spec.template.spec.containers[0].imagePullPolicy"));
        assertEquals(List.of(), validator.validate(fixed).stream().map(Finding::describe).toList());
    }

    @Test
    void intOrStringAndQuantityAcceptNumbersAndStrings() throws YamlException {
        String yaml = CLEAN.replace("targetPort: http", "targetPort: 8080").replace("cpu: 100m", "cpu: 1")
                .replace("memory: 64Mi", "memory: \"67108864\"");
        assertEquals(List.of(), validator.validate(DesignIO.parse("x.yaml", yaml)).stream().map(Finding::describe).toList());
    }

    @Test
    void aValidClusterDocumentHasNoFinding() throws YamlException {
        String yaml = CLEAN + """
                ---
                apiVersion: kubecanvas.io/v1alpha1
                kind: Cluster
                metadata: {name: lab}
                spec:
                  nodes:
                    - {name: control-plane, role: control-plane}
                    - {name: worker-1, role: worker}
                  network:
                    cni: host-gw
                    clusterCIDR: 10.244.0.0/16
                    nodeCIDRMaskSize: 24
                    serviceCIDR: 10.96.0.0/12
                """;
        assertEquals(List.of(), validator.validate(DesignIO.parse("x.yaml", yaml)).stream().map(Finding::describe).toList());
        String overlapping = yaml.replace("serviceCIDR: 10.96.0.0/12", "serviceCIDR: 10.244.128.0/20");
        List<Finding> f = validator.validate(DesignIO.parse("x.yaml", overlapping));
        assertEquals(List.of("cluster-settings"), f.stream().map(Finding::rule).toList());
        assertEquals(END + 1 + 12, f.get(0).position().line(), f.get(0)::describe);
    }

    @Test
    void aWrongTypeIsReportedOnceNotAlsoAsMissing() throws YamlException {
        String yaml = CLEAN.replace("containers:\n        - name: nginx", "containers:\n          name: nginx");
        List<Finding> f = validator.validate(DesignIO.parse("x.yaml", yaml));
        assertEquals(List.of("wrong-type"), f.stream().map(Finding::rule).filter(r -> !r.equals("service-target-port")).toList(),
                f.stream().map(Finding::describe).toList()::toString);
        Design fixed = f.get(0).fix().apply().apply(DesignIO.parse("x.yaml", yaml));
        assertEquals(List.of(), validator.validate(fixed).stream().map(Finding::describe).toList());
    }

    @Test
    void aMissingApiVersionStillGetsTheKindsOtherChecks() throws YamlException {
        Design d = DesignIO.parse("x.yaml", "kind: ConfigMap\nmetadata: {name: c}\ndatas: {a: b}\n");
        List<String> rules = validator.validate(d).stream().map(Finding::rule).toList();
        assertEquals(List.of("missing-field", "unknown-field"), rules);
    }

    @Test
    void unknownKindsAreNotValidatedButWarned() throws YamlException {
        Design d = DesignIO.parse("x.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: W_1}\nspec: {anything: [1, 2]}\n");
        List<Finding> f = validator.validate(d);
        assertEquals(List.of("unknown-kind"), f.stream().map(Finding::rule).toList());
        assertEquals(Severity.INFO, f.get(0).severity());
    }

    @Test
    void anExternalNameServiceNeedsNoPods() throws YamlException {
        String yaml = CLEAN + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: db, namespace: shop}
                spec:
                  type: ExternalName
                  externalName: db.example.com
                  selector: {app: nothing-here}
                """;
        assertEquals(List.of(), validator.validate(DesignIO.parse("x.yaml", yaml)).stream().map(Finding::describe).toList());
    }

    @Test
    void serviceSelectingAWorkloadInAnotherNamespaceMatchesNothing() throws YamlException {
        String yaml = CLEAN.replace("kind: Service\nmetadata:\n  name: web\n  namespace: shop",
                "kind: Service\nmetadata:\n  name: web\n  namespace: other");
        List<String> rules = validator.validate(DesignIO.parse("x.yaml", yaml)).stream().map(Finding::rule).toList();
        assertTrue(rules.contains("service-selector-matches-nothing"), rules::toString);
    }

    @Test
    void networkPolicyMatchExpressionsSelectPods() throws YamlException {
        String yaml = CLEAN.replace("matchLabels:\n      app: web\n  policyTypes",
                "matchExpressions:\n      - {key: app, operator: In, values: [web, api]}\n  policyTypes");
        assertNotNull(yaml);
        assertEquals(List.of(), validator.validate(DesignIO.parse("x.yaml", yaml)).stream().map(Finding::describe).toList());
        String none = yaml.replace("values: [web, api]", "values: [api]");
        List<String> rules = validator.validate(DesignIO.parse("x.yaml", none)).stream().map(Finding::rule).toList();
        assertTrue(rules.contains("networkpolicy-selects-nothing"), rules::toString);
    }

    @Test
    void namesFollowKubernetesSyntax() {
        assertEquals(null, KubeNames.dns1123Subdomain("web.shop-1"));
        assertNotNull(KubeNames.dns1123Subdomain("web..shop"));
        assertNotNull(KubeNames.dns1123Label("web.shop"));
        assertNotNull(KubeNames.dns1035Label("1web"));
        assertEquals(null, KubeNames.labelKey("app.kubernetes.io/name"));
        assertNotNull(KubeNames.labelKey("-app"));
        assertEquals(null, KubeNames.labelValue(""));
        assertNotNull(KubeNames.labelValue("a".repeat(64)));
        assertEquals(null, KubeNames.portName("http-alt"));
        assertNotNull(KubeNames.portName("http--alt"));
        assertEquals("web-app", KubeNames.toDns1123Label("Web_App"));
    }
}
