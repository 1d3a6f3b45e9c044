package io.kubecanvas.model;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TypedViewTest {

    @Test
    void numericAndNamedTargetPortsSurviveTheTypedView() throws Exception {
        Design d = DesignIO.parse("s.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: a}
                spec:
                  ports:
                  - {port: 80, targetPort: 8080}
                  - {port: 81, targetPort: http}
                """);
        Service s = d.objects().get(0).typed(Service.class);
        assertEquals(80, s.getSpec().getPorts().get(0).getPort());
        assertEquals(8080, s.getSpec().getPorts().get(0).getTargetPort().getIntVal());
        assertEquals("http", s.getSpec().getPorts().get(1).getTargetPort().getStrVal());
    }

    @Test
    void numericPolicyPortsSurviveTheTypedView() throws Exception {
        Design d = DesignIO.parse("p.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p}
                spec:
                  podSelector: {}
                  ingress:
                  - ports: [{port: 80, protocol: TCP}]
                """);
        NetworkPolicy p = d.objects().get(0).typed(NetworkPolicy.class);
        assertEquals(80, p.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal());
    }

    @Test
    void editingThroughTheTypedViewKeepsKeyOrderAndUnknownFields() throws Exception {
        Design d = DesignIO.parse("s.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  x-extra: kept\n  ports:\n  - port: 80\n    targetPort: 8080\n");
        KubeObject edited = d.objects().get(0).editTyped(Service.class, s -> {
            s.getSpec().setType("NodePort");
            return s;
        });
        assertEquals("kept", edited.get("spec.x-extra"));
        assertEquals("NodePort", edited.get("spec.type"));
        assertEquals(8080, ((Number) edited.get("spec.ports[0].targetPort")).intValue());
    }
}
