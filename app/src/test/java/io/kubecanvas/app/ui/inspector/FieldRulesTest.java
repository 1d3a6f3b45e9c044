package io.kubecanvas.app.ui.inspector;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FieldRulesTest {
    @Test
    void namesFollowDns1123() {
        assertNull(FieldRules.name("web-service"));
        assertNotNull(FieldRules.name("Web"));
        assertNotNull(FieldRules.name("-web"));
        assertNotNull(FieldRules.name(""));
        assertNotNull(FieldRules.name("a".repeat(64)));
    }

    @Test
    void labelsParseAndReportTheBadPart() {
        assertEquals(Map.of("app", "web", "app.kubernetes.io/tier", "db"), FieldRules.parseLabels("app=web, app.kubernetes.io/tier=db"));
        assertEquals(Map.of(), FieldRules.parseLabels(" "));
        assertNotNull(FieldRules.labels("app"));
        assertNotNull(FieldRules.labels("app=we b"));
        assertNotNull(FieldRules.labels("-x=1"));
        assertThrows(IllegalArgumentException.class, () -> FieldRules.parseLabels("=v"));
        assertEquals("app=web, tier=db", FieldRules.formatLabels(FieldRules.parseLabels("app=web,tier=db")));
    }

    @Test
    void portsReplicasHostsAndImages() {
        assertNull(FieldRules.port("80"));
        assertNotNull(FieldRules.port("0"));
        assertNotNull(FieldRules.port("http"));
        assertNull(FieldRules.portOrName("http"));
        assertNotNull(FieldRules.nodePort("80"));
        assertNull(FieldRules.nodePort("30080"));
        assertNull(FieldRules.replicas("3"));
        assertNotNull(FieldRules.replicas("-1"));
        assertNull(FieldRules.host("example.local"));
        assertNull(FieldRules.host("*.example.com"));
        assertNotNull(FieldRules.host("Example..com"));
        assertNull(FieldRules.image("nginx:latest"));
        assertNull(FieldRules.image("ghcr.io/example/api:1.4"));
        assertNotNull(FieldRules.image("nginx latest"));
        assertNull(FieldRules.policyPorts("80, UDP/53"));
        assertNotNull(FieldRules.policyPorts("ICMP/1"));
        assertNotNull(FieldRules.path("docs"));
    }
}
