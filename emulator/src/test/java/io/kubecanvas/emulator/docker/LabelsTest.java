package io.kubecanvas.emulator.docker;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelsTest {
    @Test
    void onlyOwnedObjectsOfTheClusterMatch() {
        Map<String, String> ours = Labels.cluster("demo", Labels.ROLE_NODE);
        assertTrue(Labels.matches(ours, "demo"));
        assertTrue(Labels.matches(ours, null));
        assertFalse(Labels.matches(ours, "other"));
        assertFalse(Labels.matches(Map.of(Labels.CLUSTER, "demo"), "demo"), "not owned: never touched");
        assertEquals(java.util.List.of("io.kubecanvas.owned=true", "io.kubecanvas.cluster=demo"), Labels.clusterFilter("demo"));
    }

    @Test
    void namePartsAreDockerSafe() {
        assertEquals("kube-system.coredns-1", Labels.namePart("kube-system.CoreDNS_1"));
        assertEquals("x", Labels.namePart("--"));
    }

    @Test
    void anOwnerIsAliveWhileItsProcessRunsAndDetachedAlways() {
        assertTrue(OwnerId.alive(OwnerId.current()));
        assertTrue(OwnerId.alive(Labels.DETACHED));
        assertFalse(OwnerId.alive("999999999:1@" + OwnerId.bootId()), "no such process");
        assertFalse(OwnerId.alive(ProcessHandle.current().pid() + ":1@" + OwnerId.bootId()), "PID reused by another process");
        assertFalse(OwnerId.alive(ProcessHandle.current().pid() + ":1@another-boot"), "the machine rebooted");
    }

    @Test
    void clusterNamesAreChecked() {
        DockerCluster.validateName("demo-1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DockerCluster.validateName("Demo_1"));
        assertTrue(e.getMessage().contains("lower-case"));
    }

    @Test
    void aTarHoldsTheFilesUnderTheirDirectoryWithScriptsExecutable() throws Exception {
        byte[] tar = TarArchive.of("/etc/kubecanvas", Map.of("apply.sh", "echo hi\n".getBytes(), "dns/hosts", "x".getBytes()));
        Map<String, Integer> modes = new java.util.LinkedHashMap<>();
        Map<String, String> contents = new java.util.HashMap<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new java.io.ByteArrayInputStream(tar))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                modes.put(e.getName(), e.getMode() & 0777);
                contents.put(e.getName(), new String(in.readAllBytes()));
            }
        }
        assertEquals(0755, modes.get("etc/kubecanvas/apply.sh"));
        assertEquals(0644, modes.get("etc/kubecanvas/dns/hosts"));
        assertTrue(modes.containsKey("etc/kubecanvas/") && modes.containsKey("etc/kubecanvas/dns/"), modes.toString());
        assertEquals("echo hi\n", contents.get("etc/kubecanvas/apply.sh"));
    }
}
