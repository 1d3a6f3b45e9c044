package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubectlTablesTest {

    @Test
    void tablesShowTheStateInKubectlsColumns() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 1, "") + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  type: LoadBalancer
                  selector: {app: web}
                  ports: [{port: 80, targetPort: http, nodePort: 30080}]
                """), 1);
        ClusterState s = cp.state();
        assertEquals("""
                NAME            STATUS   ROLES           INTERNAL-IP   POD-CIDR
                control-plane   Ready    control-plane   172.30.0.2    10.244.0.0/24
                worker-1        Ready    <none>          172.30.0.3    10.244.1.0/24
                worker-2        Ready    <none>          172.30.0.4    10.244.2.0/24
                """, KubectlTables.nodes(s));
        String web = Seeds.podsOf(s, "Deployment/web").get(0).name();
        assertTrue(KubectlTables.pods(s).lines().anyMatch(l -> l.matches("default\\s+" + web + "\\s+1/1\\s+Running\\s+10\\.244\\.1\\.2\\s+worker-1")),
                KubectlTables.pods(s));
        String svc = KubectlTables.services(s);
        assertTrue(svc.lines().anyMatch(l -> l.matches("default\\s+web\\s+LoadBalancer\\s+10\\.\\S+\\s+172\\.30\\.0\\.200\\s+80:30080/TCP\\s+app=web")), svc);
        assertTrue(svc.lines().anyMatch(l -> l.matches("kube-system\\s+kube-dns\\s+ClusterIP\\s+10\\.96\\.0\\.10\\s+<none>\\s+53/UDP,53/TCP,9153/TCP\\s+k8s-app=kube-dns")), svc);
        assertTrue(KubectlTables.endpoints(s).lines().anyMatch(l -> l.matches("default\\s+web\\s+10\\.244\\.1\\.2:80")), KubectlTables.endpoints(s));
        assertTrue(KubectlTables.events(cp.events()).lines().anyMatch(l -> l.matches("0\\.0s\\s+default\\s+Normal\\s+Scheduled\\s+pod/" + web
                + "\\s+Successfully assigned default/" + web + " to worker-1")), KubectlTables.events(cp.events()));
    }
}
