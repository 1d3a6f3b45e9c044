package io.kubecanvas.lessons;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.lessons.Challenge.Assertion;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.ObjectKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An instructor's challenge made from a design: arrows between objects and recorded probes become assertions by
 * labels; the saved file reads back and grades other solutions by behaviour.
 */
class AuthoringTest {
    private static Design design(String challenge, String file) {
        return SolutionsTest.load(SolutionsTest.solutions().resolve(challenge).resolve(file));
    }

    private static ObjectKey deployment(String name) {
        return new ObjectKey("Deployment", "shop", name);
    }

    @Test
    void arrowsAndARecordedProbeMakeAChallengeThatGradesOtherSolutions() throws Exception {
        Design solution = design("isolate-db", "correct/match-labels.yaml");
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(AuthoredChecks.arrow(solution, deployment("api"), deployment("db"), true));
        assertions.add(AuthoredChecks.arrow(solution, deployment("web"), deployment("db"), false));
        assertEquals("The Pods app=api in shop reach the Pods app=db in shop on TCP 5432", assertions.get(0).text());
        try (SimRun run = SimRun.start(solution, List.of())) {
            String web = run.state().pods().stream().filter(p -> "web".equals(p.labels().get("app"))).findFirst().orElseThrow().key();
            String api = run.state().pods().stream().filter(p -> "api".equals(p.labels().get("app"))).findFirst().orElseThrow().key();
            ProbeResult r = run.probe(ProbeRequest.tcp(web, api, 8080));
            assertTrue(r.delivered(), r.toString());
            Assertion recorded = AuthoredChecks.recorded(r, run.state());
            assertTrue(recorded.text().endsWith("(recorded: delivered)"), recorded.text());
            assertions.add(recorded);
        }
        Challenge authored = new Challenge("db-only-api", "Authored in the app", "Isolate the database.", List.of(),
                assertions, design("isolate-db", "incorrect/no-policy.yaml"), null);
        String text = ChallengeWriter.write(authored);
        Challenge back = TeachingFiles.challenge("db-only-api.yaml", text);
        assertEquals(3, back.assertions().size());
        assertEquals(authored.assertions().get(1), back.assertions().get(1), "the assertions survive the file");
        assertEquals(authored.design().objects().size(), back.design().objects().size(), "and the starting design");

        assertTrue(Grader.grade(back, design("isolate-db", "correct/match-expressions.yaml"), "x").passed(),
                "a solution written differently passes");
        assertTrue(Grader.grade(back, design("isolate-db", "correct/default-deny-and-namespace-selector.yaml"), "x").passed());
        Grader.Grade open = Grader.grade(back, back.design(), "start");
        assertFalse(open.passed());
        assertEquals("2/3", open.score(), "only web -> db fails on the open starting design");
        assertFalse(Grader.grade(back, design("isolate-db", "incorrect/deny-all.yaml"), "x").passed());
    }

    @Test
    void anArrowFromAnIngressIsARequestFromOutsideThroughIt() throws Exception {
        Design d = design("expose-web", "correct/ingress-and-service.yaml");
        Assertion a = AuthoredChecks.arrow(d, new ObjectKey("Ingress", "default", "shop"),
                new ObjectKey("Deployment", "default", "web"), true);
        Check.Reach r = (Check.Reach) a.check();
        assertEquals(Check.Via.INGRESS, r.via());
        assertEquals("http://shop.local/", r.url());
        Challenge c = new Challenge("x", "X", "t", List.of(), List.of(a), d, null);
        assertTrue(Grader.grade(c, design("expose-web", "correct/named-ports-other-names.yaml"), "x").passed());
        assertFalse(Grader.grade(c, design("expose-web", "incorrect/wrong-host.yaml"), "x").passed());
    }

    @Test
    void anArrowToAnIngressOrFromAPolicyIsRefusedWithWhatToDraw() {
        Design d = design("expose-web", "correct/ingress-and-service.yaml");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthoredChecks.arrow(d,
                new ObjectKey("Deployment", "default", "web"), new ObjectKey("Ingress", "default", "shop"), true));
        assertTrue(e.getMessage().startsWith("draw the arrow from the Ingress"), e.getMessage());
    }

    @Test
    void aWrittenChallengeWithEveryKindOfCheckReadsBack() throws Exception {
        Challenge shipped = Catalog.shipped().challenge("expose-web").orElseThrow();
        Challenge spread = Catalog.shipped().challenge("spread-web").orElseThrow();
        List<Assertion> all = new ArrayList<>(shipped.assertions());
        all.addAll(spread.assertions());
        all.add(new Assertion("Every namespace denies by default", new Check.DefaultDeny(List.of())));
        Challenge c = new Challenge("mixed", "Mixed", "Everything.", List.of("a hint"), all, shipped.design(), null);
        Challenge back = TeachingFiles.challenge("mixed.yaml", ChallengeWriter.write(c));
        assertEquals(c.assertions(), back.assertions());
        assertEquals(List.of("a hint"), back.hints());
    }
}
