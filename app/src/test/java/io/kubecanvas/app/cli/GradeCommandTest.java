package io.kubecanvas.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kubecanvas grade over the folders of correct and incorrect solutions, kubecanvas lessons, bench grade. */
class GradeCommandTest {

    static Path solutions(String challenge) {
        return Path.of(System.getProperty("kubecanvas.root", ".."), "lessons/src/test/resources/solutions", challenge);
    }

    @Test
    void aFolderOfCorrectSolutionsPassesAndExitsZero() {
        for (String id : List.of("expose-web", "isolate-db", "spread-web")) {
            CliRun r = CliRun.of("grade", solutions(id).resolve("correct").toString(), "--challenge", id);
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().lines().filter(l -> l.startsWith("PASS ")).count() >= 3, r.out());
            assertTrue(r.out().lines().noneMatch(l -> l.startsWith("FAIL ")), r.out());
            assertTrue(r.out().contains("(target < 1 s; start-up before the first, once: ") && r.out().contains("load average"), r.out());
        }
    }

    @Test
    void incorrectSolutionsFailWithTheFailingAssertionAndWhereTheProbeDied() {
        CliRun r = CliRun.of("grade", solutions("isolate-db").resolve("incorrect").toString(), "--challenge", "isolate-db");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals(4, r.out().lines().filter(l -> l.startsWith("FAIL ")).count(), r.out());
        assertTrue(r.out().contains("FAIL 2/4  " + solutions("isolate-db").resolve("incorrect/deny-all.yaml")), r.out());
        assertTrue(r.out().contains("     FAIL api reaches db on TCP 5432"), r.out());
        assertTrue(r.out().contains("where: The NetworkPolicies that select shop/db-"), r.out());
        assertTrue(r.out().contains("0 of 4 designs passed"), r.out());
    }

    @Test
    void jsonHasEveryDesignWithItsScoreAndAssertions() throws Exception {
        CliRun r = CliRun.of("grade", solutions("expose-web").resolve("correct/wildcard-host.yaml").toString(),
                solutions("expose-web").resolve("incorrect").toString(), "--challenge", "expose-web", "-o", "json");
        assertEquals(1, r.exit(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode designs = root.get("designs");
        assertEquals(5, designs.size());
        JsonNode first = designs.get(0);
        assertTrue(first.get("file").asText().endsWith("wildcard-host.yaml"));
        assertTrue(first.get("passed").asBoolean());
        assertEquals("3/3", first.get("score").asText());
        assertEquals(3, first.get("assertions").size());
        JsonNode nodePort = designs.findValues("file").stream().filter(f -> f.asText().endsWith("nodeport-service.yaml"))
                .findFirst().orElseThrow();
        for (JsonNode d : designs) {
            if (d.get("file").equals(nodePort)) {
                assertEquals("2/3", d.get("score").asText());
                JsonNode failed = d.get("assertions").get(2);
                assertEquals("No NodePort or LoadBalancer Service", failed.get("text").asText());
                assertTrue(!failed.get("passed").asBoolean() && failed.get("detail").asText().contains("spec.type: NodePort"),
                        failed.toString());
            }
        }
    }

    @Test
    void aChallengeFileWorksLikeAnIdAndSubfoldersAreOneDesignEach(@TempDir Path dir) throws Exception {
        Path student = dir.resolve("submissions/alice");
        Files.createDirectories(student);
        Path sol = solutions("expose-web").resolve("correct/ingress-and-service.yaml");
        String[] docs = Files.readString(sol).split("\n---\n");
        for (int i = 0; i < docs.length; i++) {
            Files.writeString(student.resolve("part-" + i + ".yaml"), docs[i]);
        }
        Files.writeString(dir.resolve("submissions/bob.yaml"), "kind: [unclosed\n");
        Path challenge = dir.resolve("expose.yaml");
        Files.writeString(challenge, Files.readString(Path.of(System.getProperty("kubecanvas.root", ".."),
                "lessons/src/main/resources/io/kubecanvas/lessons/shipped/challenges/expose-web.yaml")));
        CliRun r = CliRun.of("grade", dir.resolve("submissions").toString(), "--challenge", challenge.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("PASS 3/3  " + student), "a folder is one design of several files: " + r.out());
        assertTrue(r.out().contains("FAIL 0/3  " + dir.resolve("submissions/bob.yaml")), r.out());
        assertTrue(r.out().contains("bob.yaml:1:7: error:"), "an unreadable design says where: " + r.out());
    }

    @Test
    void anUnknownChallengeSaysWhichExist() {
        CliRun r = CliRun.of("grade", solutions("expose-web").toString(), "--challenge", "expose-everything");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no challenge file or shipped challenge 'expose-everything' (shipped: expose-web, isolate-db, "
                + "spread-web"), r.err());
    }

    @Test
    void lessonsListsTheShippedIds() {
        CliRun r = CliRun.of("lessons");
        assertEquals(0, r.exit());
        for (String id : List.of("pod-to-service", "network-policy", "expose-web", "isolate-db", "spread-web")) {
            assertTrue(r.out().contains("  " + id + " "), id + " in " + r.out());
        }
    }

    @Test
    void benchGradePrintsEachChallengeAgainstTheOneSecondTarget() {
        CliRun r = CliRun.of("bench", "grade", "--runs", "2");
        assertTrue(r.out().startsWith("bench grade: 2 runs per design, "), r.out());
        assertTrue(r.out().contains("load average"), r.out());
        assertTrue(r.out().contains("start-up: the process's first grading took "), r.out());
        assertTrue(r.out().lines().filter(l -> l.startsWith("grade ")).count() >= 6, r.out());
        assertTrue(r.out().contains("(wall time per design; target < 1000 ms)"), r.out());
        assertEquals(r.out().contains("MISSED") ? 1 : 0, r.exit(), r.out());
    }
}
