package io.kubecanvas.model.net;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetTypesTest {

    @Test
    void addressesRoundTripAndBadTextIsRefusedWithTheText() {
        assertEquals("192.168.10.254", Ipv4.format(Ipv4.parse("192.168.10.254")));
        assertEquals(0xc0a80afeL, Ipv4.unsigned(Ipv4.parse("192.168.10.254")));
        for (String bad : List.of("10.0.0", "10.0.0.256", "10.0.0.1.2", "a.b.c.d", "", "10..0.1", "1000.0.0.1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(bad));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
            assertFalse(Ipv4.isAddress(bad));
        }
        assertEquals("0a:58:0a:f4:01:02", Ipv4.macFromIp("0a:58", Ipv4.parse("10.244.1.2")));
    }

    @Test
    void aPrefixKnowsItsAddressesSubnetsAndNeighbours() {
        Cidr c = Cidr.parse("10.244.1.7/24");
        assertEquals("10.244.1.7/24", c.toString());
        assertEquals("10.244.1.0/24", c.canonical().toString());
        assertEquals("10.244.1.1", c.nthText(1));
        assertEquals("10.244.1.255", Ipv4.format(c.broadcast()));
        assertEquals(256, c.size());
        assertTrue(c.contains("10.244.1.200"));
        assertFalse(c.contains("10.244.2.1"));
        assertFalse(c.contains("not an ip"));
        assertThrows(IllegalArgumentException.class, () -> c.nth(256));
        Cidr cluster = Cidr.parse("10.244.0.0/16");
        assertEquals("10.244.3.0/24", cluster.subnet(24, 3).toString());
        assertEquals(256, cluster.subnetCount(24));
        assertTrue(cluster.contains(c));
        assertTrue(cluster.overlaps(Cidr.parse("10.0.0.0/8")));
        assertFalse(cluster.overlaps(Cidr.parse("10.96.0.0/12")));
        // Above 127.255.255.255 the int is negative; arithmetic still holds.
        Cidr high = Cidr.parse("192.168.0.0/16");
        assertEquals("192.168.255.254", high.nthText(65534));
        assertTrue(high.contains(Ipv4.parse("192.168.7.7")));
    }

    @Test
    void badPrefixesAreNullOrAClearMessage() {
        for (String bad : List.of("10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "10.0.0.0/x", "/8")) {
            assertNull(Cidr.parseOrNull(bad), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0"));
        assertEquals("'10.0.0.0' is not an IPv4 CIDR such as 10.244.0.0/16", e.getMessage());
    }

    @Test
    void aNullSelectorSelectsNothingAndAnEmptyOneEverything() {
        Map<String, String> web = Map.of("app", "web", "tier", "front");
        assertFalse(LabelSelectors.matches(null, web));
        assertTrue(LabelSelectors.matches(new LabelSelector(), web));
        assertTrue(LabelSelectors.matches(LabelSelectors.orEverything(null), web));
        assertTrue(LabelSelectors.isEmpty(new LabelSelector()));
        assertFalse(LabelSelectors.isEmpty(null));
    }

    @Test
    void matchLabelsAndEveryExpressionMustHold() {
        LabelSelector s = new LabelSelectorBuilder().addToMatchLabels("app", "web")
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("front", "edge").endMatchExpression()
                .addNewMatchExpression().withKey("canary").withOperator("DoesNotExist").endMatchExpression().build();
        assertTrue(LabelSelectors.matches(s, Map.of("app", "web", "tier", "front")));
        assertFalse(LabelSelectors.matches(s, Map.of("app", "web", "tier", "back")));
        assertFalse(LabelSelectors.matches(s, Map.of("app", "web", "tier", "front", "canary", "1")));
        assertFalse(LabelSelectors.matches(s, Map.of("tier", "front")));
        LabelSelector bad = new LabelSelectorBuilder().addNewMatchExpression().withKey("a").withOperator("Sometimes")
                .endMatchExpression().build();
        assertFalse(LabelSelectors.matches(bad, Map.of("a", "1")), "an unknown operator matches nothing");
    }

    @Test
    void aServiceWithoutSelectorSelectsNothingWhileAnEmptyNodeSelectorRequiresNothing() {
        assertFalse(LabelSelectors.serviceSelects(null, Map.of("app", "web")));
        assertFalse(LabelSelectors.serviceSelects(Map.of(), Map.of("app", "web")));
        assertTrue(LabelSelectors.serviceSelects(Map.of("app", "web"), Map.of("app", "web", "x", "y")));
        assertTrue(LabelSelectors.hasEveryPair(Map.of(), Map.of("disk", "ssd")));
        assertFalse(LabelSelectors.hasEveryPair(Map.of("disk", "ssd"), Map.of()));
    }

    @Test
    void nodeAffinityComparesIntegers() {
        assertTrue(LabelSelectors.requirement("cores", "Gt", List.of("4"), Map.of("cores", "16")));
        assertFalse(LabelSelectors.requirement("cores", "Lt", List.of("4"), Map.of("cores", "16")));
        assertFalse(LabelSelectors.requirement("cores", "Gt", List.of("4"), Map.of()));
    }

    @Test
    void aTreeSelectorKeepsItsWellFormedPartsAndReadsScalarsAsText() {
        Map<String, Object> tree = Map.of("matchLabels", Map.of("version", 2),
                "matchExpressions", List.of(Map.of("key", "env", "operator", "NotIn", "values", List.of("prod")),
                        "not a map", Map.of("key", "x", "operator", "Bogus")));
        LabelSelector s = LabelSelectors.fromTree(tree);
        assertEquals(Map.of("version", "2"), s.getMatchLabels());
        assertEquals(1, s.getMatchExpressions().size());
        assertTrue(LabelSelectors.matches(s, Map.of("version", "2", "env", "dev")));
        assertFalse(LabelSelectors.matches(s, Map.of("version", "2", "env", "prod")));
        assertNull(LabelSelectors.fromTree("app=web"));
    }
}
