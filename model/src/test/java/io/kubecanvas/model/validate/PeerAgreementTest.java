package io.kubecanvas.model.validate;

import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.TestFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our findings against the verdicts of kube-score and kube-linter on their own test fixtures (collected under
 * corpus/peers) and on the small cases in src/test/resources/peers written after them. Every case a
 * peer fails must get our equivalent rule on the same object (and container), every case it passes must not.
 * The counts per rule are printed; a disagreement where we claim an equivalent rule fails the test.
 */
class PeerAgreementTest {
    private final DesignValidator validator = new DesignValidator();

    /** One line of a verdicts.tsv. */
    record Case(Path file, String tool, String scope, String peerCheck, boolean peerFails, String rule, boolean equivalent,
                String source) {
    }

    static List<Case> cases() throws IOException, URISyntaxException {
        List<Path> verdicts = new ArrayList<>();
        verdicts.add(Path.of(Objects.requireNonNull(PeerAgreementTest.class.getResource("/peers/verdicts.tsv")).toURI()));
        Path peers = TestFiles.corpus().resolve("peers");
        for (String peer : List.of("kube-score", "kube-linter")) {
            Path v = peers.resolve(peer).resolve("verdicts.tsv");
            assertTrue(Files.isRegularFile(v), "the peers' fixtures are missing: " + v + " (see corpus/peers/" + peer + "/SOURCE.md)");
            verdicts.add(v);
        }
        List<Case> out = new ArrayList<>();
        for (Path v : verdicts) {
            for (String line : Files.readAllLines(v)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                assertEquals(8, f.length, () -> v + ": " + line);
                out.add(new Case(v.resolveSibling(f[1]), f[0], f[2], f[3], f[4].equals("fail"), f[5],
                        f[6].equals("equivalent"), f[7]));
            }
        }
        return out;
    }

    @Test
    void ourRulesAgreeWithThePeersWhereWeClaimAnEquivalent() throws Exception {
        List<Case> cases = cases();
        long fromFixtures = cases.stream().filter(c -> c.equivalent() && !c.tool().equals("own")).count();
        assertTrue(fromFixtures >= 100, "expected well over 100 cases on the peers' own fixtures where we claim an "
                + "equivalent rule (corpus/peers/*/verdicts.tsv), found " + fromFixtures);
        Map<String, int[]> counts = new TreeMap<>(); // rule -> {agree, disagree, related agree, related disagree}
        List<String> disagreements = new ArrayList<>();
        for (Case c : cases) {
            assertTrue(Rule.byId(c.rule()) != null, "unknown rule " + c.rule() + " in " + c);
            DesignIO.LoadResult loaded = DesignIO.load(c.file());
            assertTrue(loaded.ok(), () -> c.file() + " does not read: " + loaded.errors());
            List<Finding> findings = validator.validate(loaded);
            boolean fired = findings.stream().anyMatch(f -> f.rule().equals(c.rule()) && inScope(f, c.scope(), loaded));
            boolean agree = fired == c.peerFails();
            int[] n = counts.computeIfAbsent(c.rule(), k -> new int[4]);
            n[(c.equivalent() ? 0 : 2) + (agree ? 0 : 1)]++;
            if (!agree) {
                String what = c.tool() + " " + c.peerCheck() + " " + (c.peerFails() ? "fails" : "passes") + " "
                        + c.file().getFileName() + " [" + c.scope() + "], we " + (fired ? "report" : "do not report")
                        + " " + c.rule() + " (" + c.source() + ")";
                if (c.equivalent()) {
                    disagreements.add(what);
                } else {
                    System.out.println("related, differs by design: " + what);
                }
            }
        }
        System.out.println("peer agreement (" + cases.size() + " cases): rule: agree/disagree [related: agree/disagree]");
        counts.forEach((rule, n) -> System.out.printf("  %-34s %3d / %d%s%n", rule, n[0], n[1],
                n[2] + n[3] > 0 ? "   [related " + n[2] + " / " + n[3] + "]" : ""));
        assertEquals(List.of(), disagreements);
    }

    /** Does the finding concern the scope: *, Kind, Kind/name or Kind/name/container (name '-' for any)? */
    static boolean inScope(Finding f, String scope, DesignIO.LoadResult loaded) {
        if (scope.equals("*")) {
            return true;
        }
        String[] s = scope.split("/");
        if (f.subject() == null || !f.subject().kind().equals(s[0])) {
            return false;
        }
        if (s.length > 1 && !s[1].equals("-") && !s[1].equals(f.subject().name())) {
            return false;
        }
        if (s.length < 3) {
            return true;
        }
        for (KubeObject o : new ListItems().objects(loaded.design())) {
            PodTemplate t = PodTemplate.of(o);
            if (t == null || !s[0].equals(o.kind()) || !(s[1].equals("-") || s[1].equals(o.name()))) {
                continue;
            }
            for (String list : new String[]{t.containersPath(), t.specPath() + ".initContainers"}) {
                List<Object> containers = o.list(list);
                for (int i = 0; i < containers.size(); i++) {
                    if (containers.get(i) instanceof Map<?, ?> c && s[2].equals(c.get("name"))) {
                        String at = list + "[" + i + "]";
                        if (f.path().equals(at) || f.path().startsWith(at + ".")) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
