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
    void tarEntriesHaveValidHeaders() {
        byte[] tar = TarArchive.of("/etc/kubecanvas", Map.of("apply.sh", "echo hi\n".getBytes()));
        // two directory entries (etc/, etc/kubecanvas/), one file header + one data block, two end blocks
        assertEquals(512 * 6, tar.length);
        String name = new String(tar, 1024, 100).trim();
        assertEquals("etc/kubecanvas/apply.sh", name.replace("\0", ""));
        assertEquals("0000755", new String(tar, 1024 + 100, 7));
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 1024 + 148 - 1024 && i < 156) ? ' ' : tar[1024 + i] & 0xff;
        }
        assertEquals(sum, Long.parseLong(new String(tar, 1024 + 148, 6), 8));
    }
}
