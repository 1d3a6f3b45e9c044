package io.kubecanvas.model.validate;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in workload is validated through its Pod template, every List through its items, and the false
 * findings of issue 15 stay fixed; each test names the Kubernetes source of the rule it holds to.
 */
class WorkloadValidationTest {
    private final DesignValidator validator = new DesignValidator();

    private List<Finding> validate(String yaml) throws YamlException {
        return validator.validate(DesignIO.parse("w.yaml", yaml));
    }

    private static List<Finding> only(List<Finding> findings, String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule)).toList();
    }

    @Test
    void aHostNetworkDaemonSetIsReportedAtItsTemplate() throws YamlException {
        List<Finding> f = validate("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: calico-node, namespace: kube-system}
                spec:
                  selector: {matchLabels: {k8s-app: calico-node}}
                  template:
                    metadata: {labels: {k8s-app: calico-node}}
                    spec:
                      hostNetwork: true
                      containers:
                        - {name: calico-node, image: "calico/node:v3.31.0", imagePullPolicy: Alwyas}
                """);
        Finding host = only(f, "host-network").get(0);
        assertEquals(9, host.position().line(), host::describe);
        assertEquals("spec.template.spec.hostNetwork", host.path());
        // The schema of apps/v1 DaemonSet applies too (an enum is not a schema matter, so: an unknown field).
        assertTrue(only(f, "unknown-kind").isEmpty(), f::toString);
    }

    @Test
    void statefulSetJobCronJobAndReplicationControllerGetTheirTemplatesChecked() throws YamlException {
        List<Finding> f = validate("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: database}}
                    spec:
                      containers: [{name: db, image: "postgres:17", portz: []}]
                ---
                apiVersion: batch/v1
                kind: Job
                metadata: {name: migrate}
                spec:
                  template:
                    spec:
                      containers: [{name: m, image: "migrate:1"}]
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: report}
                spec:
                  schedule: "0 * * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: Always
                          containers: [{name: r, image: "report:latest"}]
                ---
                apiVersion: v1
                kind: ReplicationController
                metadata: {name: old}
                spec:
                  selector: {app: old}
                  template:
                    metadata: {labels: {app: older}}
                    spec:
                      containers: [{name: o, image: "old:1"}]
                """);
        // apps validation: "selector does not match template labels"
        assertEquals(List.of(6, 36), only(f, "selector-template-mismatch").stream().map(x -> x.position().line()).toList(), f::toString);
        assertEquals(10, only(f, "unknown-field").get(0).position().line());
        // batch validation: a Job's restartPolicy must be OnFailure or Never
        Finding missing = only(f, "missing-field").stream().filter(x -> x.message().contains("restartPolicy")).findFirst().orElseThrow();
        assertEquals(17, missing.position().line(), missing::describe);
        assertEquals(29, only(f, "invalid-value").get(0).position().line());
        assertEquals(30, only(f, "latest-tag").get(0).position().line());
        assertTrue(only(f, "unknown-kind").isEmpty(), f::toString);
    }

    @Test
    void aListsItemsAreValidatedAtTheirPositionsAndTheListNeedsNoName() throws YamlException {
        String yaml = """
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: Settings}
                    data: {a: b}
                  - apiVersion: v1
                    kind: Pod
                    metadata: {name: web, labels: {app: web}}
                    spec:
                      containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]
                  - apiVersion: v1
                    kind: Service
                    metadata: {name: web}
                    spec:
                      selector: {app: web}
                      ports: [{port: 80}]
                """;
        Design d = DesignIO.parse("w.yaml", yaml);
        List<Finding> f = validator.validate(d);
        assertTrue(f.stream().noneMatch(x -> x.message().contains("metadata.name is missing")), f::toString);
        Finding name = only(f, "invalid-name").get(0);
        assertEquals(6, name.position().line(), name::describe);
        assertEquals("ConfigMap", name.subject().kind());
        // The Service inside the list selects the Pod inside the list.
        assertTrue(only(f, "service-selector-matches-nothing").isEmpty(), f::toString);
        // A quick fix on an item edits the item inside its list.
        Design fixed = name.fix().apply().apply(d);
        assertEquals("settings", fixed.objects().get(0).get("items[0].metadata.name"));
        assertTrue(only(validator.validate(DesignIO.parse("again.yaml", fixed.toManifestYaml())), "invalid-name").isEmpty());
    }

    @Test
    void aServicePortNameIsADns1123LabelOf63NotAnIanaNameOf15() throws YamlException {
        // core validation ValidateServicePort: IsDNS1123Label(port.Name); container ports: IsValidPortName (15).
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata: {name: argocd-repo-server}
                spec:
                  ports:
                    - {name: tcp-repo-server-metrics, port: 8084}
                    - {name: %s, port: 8085}
                """;
        assertTrue(only(validate(yaml.formatted("metrics")), "invalid-name").isEmpty());
        List<Finding> tooLong = only(validate(yaml.formatted("a".repeat(64))), "invalid-name");
        assertEquals(1, tooLong.size(), tooLong::toString);
        assertEquals("spec.ports[1].name", tooLong.get(0).path());
        List<Finding> container = only(validate("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers: [{name: c, image: "c:1", ports: [{name: tcp-repo-server-metrics, containerPort: 80}]}]
                """), "invalid-name");
        assertEquals(1, container.size(), container::toString);
    }

    @Test
    void aSelectorOnTheStatefulSetPodNameLabelSelectsThatPod() throws YamlException {
        // Well-known labels: the StatefulSet controller sets statefulset.kubernetes.io/pod-name on each Pod.
        String yaml = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: web}
                spec:
                  replicas: 3
                  serviceName: web
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web-2}
                spec:
                  selector: {statefulset.kubernetes.io/pod-name: %s}
                  ports: [{port: 80}]
                """;
        assertTrue(only(validate(yaml.formatted("web-2")), "service-selector-matches-nothing").isEmpty());
        assertEquals(1, only(validate(yaml.formatted("web-3")), "service-selector-matches-nothing").size(),
                "there is no fourth replica");
    }

    @Test
    void anUndeclaredNumericTargetPortIsInformationNotRefused() throws YamlException {
        // core/v1 Container.ports: "Not specifying a port here DOES NOT prevent that port from being exposed."
        List<Finding> f = only(validate("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p, labels: {app: p}}
                spec:
                  containers: [{name: c, image: "c:1", ports: [{containerPort: 80}], readinessProbe: {tcpSocket: {port: 80}}}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: p}
                spec:
                  selector: {app: p}
                  ports: [{port: 80, targetPort: 8080}]
                """), "service-target-port");
        assertEquals(1, f.size());
        assertEquals(Severity.INFO, f.get(0).severity());
        assertFalse(f.get(0).message().contains("refused"), f.get(0).message());
    }

    @Test
    void aReadinessProbeIsAskedOnlyOfTargetedPodsAndOncePerPod() throws YamlException {
        // kube-score pod-probes: "ReadinessProbes are not required if the pod is not targeted by a Service";
        // "Only one probe of each type is required on the entire pod."
        String pods = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, labels: {app: p}}
                spec:
                  containers:
                    - {name: a, image: "a:1"}
                    - {name: b, image: "b:1"%s}
                """;
        String service = "---\napiVersion: v1\nkind: Service\nmetadata: {name: p}\nspec:\n  selector: {app: p}\n  ports: [{port: 80}]\n";
        assertTrue(only(validate(pods.formatted("")), "no-readiness-probe").isEmpty(), "no Service targets it");
        assertEquals(1, only(validate(pods.formatted("") + service), "no-readiness-probe").size(), "one finding for the Pod");
        assertTrue(only(validate(pods.formatted(", readinessProbe: {tcpSocket: {port: 80}}") + service), "no-readiness-probe").isEmpty(),
                "one container's probe serves the Pod");
    }

    @Test
    void isolationIsPerPodAndPerPolicyType() throws YamlException {
        // NetworkPolicy docs: a Pod is isolated for ingress (egress) when a policy that selects it has Ingress
        // (Egress) in its policyTypes; kube-score pod-networkpolicy.
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata: {name: a, labels: {app: a}}
                spec:
                  containers: [{name: a, image: "a:1"}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: b, labels: {app: b}}
                spec:
                  containers: [{name: b, image: "b:1"}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a-out}
                spec:
                  podSelector: {matchLabels: {app: a}}
                  policyTypes: [Egress]
                """;
        List<Finding> f = only(validate(yaml), "namespace-without-networkpolicy");
        assertEquals(2, f.size(), f::toString);
        assertTrue(f.get(0).message().contains("Pod a is not isolated for ingress:"), f.get(0).message());
        assertTrue(f.get(1).message().contains("Pod b is not isolated for ingress or egress"), f.get(1).message());
        Design d = DesignIO.parse("w.yaml", yaml);
        Design fixed = f.get(1).fix().apply().apply(d);
        assertTrue(only(validator.validate(fixed), "namespace-without-networkpolicy").isEmpty(), "the default-deny fix isolates both");
    }

    @Test
    void ingressBackendsOfTheRemovedVersionsAreStillChecked() throws YamlException {
        // Deprecated API migration guide: extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress removed in 1.22.
        List<Finding> f = validate("""
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  ports: [{name: http, port: 80}]
                ---
                apiVersion: extensions/v1beta1
                kind: Ingress
                metadata: {name: old}
                spec:
                  backend: {serviceName: web, servicePort: 8080}
                  rules:
                    - http:
                        paths:
                          - {path: /, backend: {serviceName: webs, servicePort: http}}
                """);
        Finding version = only(f, "unknown-api-version").get(0);
        assertTrue(version.message().contains("removed in Kubernetes 1.22"), version.message());
        assertEquals("spec.backend.servicePort", only(f, "ingress-backend-port-missing").get(0).path());
        Finding missing = only(f, "ingress-backend-service-missing").get(0);
        assertEquals(15, missing.position().line());
        assertNotNull(missing.fix(), "did you mean 'web'");
        assertTrue(only(f, "unknown-field").isEmpty(), "serviceName is a field of v1beta1: " + f);
    }

    @Test
    void customResourcesAreReportedOncePerKindAndRbacNamesMayHoldColons() throws YamlException {
        // RBAC: ValidateRBACName is ValidatePathSegmentName, so "system:aggregate-to-view" is a valid name.
        List<Finding> f = validate("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: "system:aggregate-to-view"}
                rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: a}
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: b}
                """);
        assertEquals(List.of("unknown-kind"), f.stream().map(Finding::rule).toList());
        assertTrue(f.get(0).message().contains("2 objects"), f.get(0).message());
        assertEquals(Severity.INFO, f.get(0).severity());
    }
}
