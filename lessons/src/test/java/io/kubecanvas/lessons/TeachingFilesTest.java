package io.kubecanvas.lessons;

import io.kubecanvas.model.yaml.YamlException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lesson and Challenge files: what they read to, and mistakes reported at file:line:col with what to write. */
class TeachingFilesTest {

    private static final String LESSON = """
            apiVersion: kubecanvas.io/v1alpha1
            kind: Lesson
            metadata:
              id: tiny
              title: A tiny lesson
            spec:
              order: 3
              steps:
                - title: Select it
                  text: Click the Service.
                  hints: [It is the round one.]
                  until:
                    selected: Service/default/web
                - title: Ask
                  show: {select: Service/default/web, tab: network, layer: physical}
                  until:
                    tab: network
                    question:
                      ask: Its ClusterIP?
                      answerFrom: {serviceIp: web}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80}]
            """;

    @Test
    void aLessonReadsToStepsConditionsAndItsStartingDesign() throws YamlException {
        Lesson l = TeachingFiles.lesson("tiny.yaml", LESSON);
        assertEquals("tiny", l.id());
        assertEquals(3, l.order());
        assertEquals(2, l.steps().size());
        assertEquals(new Condition.Selected("Service/default/web"), l.steps().get(0).until());
        assertEquals(List.of("It is the round one."), l.steps().get(0).hints());
        Condition.AllOf both = assertInstanceOf(Condition.AllOf.class, l.steps().get(1).until());
        assertEquals(2, both.parts().size());
        assertEquals("serviceIp", l.steps().get(1).question().computed().kind());
        assertEquals(new Lesson.Show("Service/default/web", "network", "physical"), l.steps().get(1).show());
        assertEquals(1, l.design().objects().size(), "the documents after the lesson are its design");
    }

    /** A challenge file with these assertion lines (the assertions start on line 7). */
    private static String challenge(String assertions) {
        return """
                apiVersion: kubecanvas.io/v1alpha1
                kind: Challenge
                metadata: {id: c, title: C}
                spec:
                  task: do it
                  assertions:
                """ + assertions;
    }

    private static YamlException error(String text) {
        return assertThrows(YamlException.class, () -> TeachingFiles.read("bad.yaml", text));
    }

    @Test
    void aMisspeltFieldIsReportedWhereItIsWithTheFieldsThatExist() {
        YamlException e = error(LESSON.replace("    until:\n        selected", "    untill:\n        selected"));
        assertEquals("bad.yaml:12:7", e.position().toString(), e.describe());
        assertTrue(e.getMessage().contains("unknown field 'untill' in spec.steps[0]: use one of action, hints, show, text, title, until"),
                e.getMessage());
    }

    @Test
    void anUnknownHopOrViaSaysWhatIsAllowed() {
        YamlException e = error(LESSON.replace("selected: Service/default/web", "packet: {hop: teleport}"));
        assertTrue(e.describe().startsWith("bad.yaml:13:"), e.describe());
        assertTrue(e.getMessage().contains("must be one of any, delivered, dnat, vxlan"), e.getMessage());
        YamlException v = error(challenge("""
                    - reach: {from: external, to: {labels: {app: web}}, via: wormhole}
                """));
        assertEquals("bad.yaml:7:57", v.position().toString(), v.describe());
        assertTrue(v.getMessage().contains("must be one of pod-ip, service, node-port, ingress"), v.getMessage());
    }

    @Test
    void aShowThatSelectsSomethingNotInTheDesignIsAnError() {
        YamlException e = error(LESSON.replace("select: Service/default/web,", "select: Service/default/nope,"));
        assertTrue(e.getMessage().contains("Service/default/nope, which is not in the lesson's design"), e.getMessage());
        assertEquals(15, e.position().line());
    }

    @Test
    void aChoiceQuestionWhoseAnswerIsNotAChoiceIsAnError() {
        YamlException e = error(LESSON.replace("answerFrom: {serviceIp: web}", "choices: [a, b]\n          answer: c"));
        assertTrue(e.getMessage().contains("the answer 'c' is not one of the choices"), e.getMessage());
    }

    @Test
    void aChallengeNeedsExactlyOneCheckPerAssertion() {
        YamlException e = error(challenge("""
                    - some: {kind: Ingress}
                      none: {kind: Service}
                """));
        assertEquals(7, e.position().line());
        assertTrue(e.getMessage().contains("exactly one of reach, placement, none, some, defaultDeny (this one has none and some)"),
                e.getMessage());
    }

    @Test
    void ingressAndNodePortProbesComeFromOutside() {
        YamlException e = error(challenge("""
                    - reach: {from: {labels: {app: a}}, via: ingress, url: "http://x/"}
                """));
        assertTrue(e.getMessage().contains("via: ingress is for requests from outside: write from: external"), e.getMessage());
    }

    @Test
    void aFileThatIsAListIsRefusedAtItsStart() {
        assertTrue(error("- a\n- b\n").getMessage().startsWith("a lesson or challenge starts with a mapping"));
    }

    @Test
    void wrongApiVersionOrIdAreRefused() {
        assertTrue(error(LESSON.replace("kubecanvas.io/v1alpha1", "v1")).getMessage().contains("apiVersion must be kubecanvas.io/v1alpha1"));
        YamlException id = error(LESSON.replace("id: tiny", "id: Tiny Lesson"));
        assertEquals("bad.yaml:4:3", id.position().toString());
    }

    @Test
    void aBrokenDesignDocumentIsReportedAtItsLine() {
        YamlException e = error(LESSON + "---\nkind: [unclosed\n");
        assertEquals("bad.yaml:29:7", e.position().toString(), e.describe());
    }

    @Test
    void everyShippedFileReadsAndThereAreEightLessonsAndTheFixedChallenges() {
        Catalog c = Catalog.shipped();
        assertTrue(c.lessons().size() >= 8, "at least 8 lessons: " + c.lessons().size());
        for (String id : List.of("expose-web", "isolate-db", "spread-web")) {
            assertTrue(c.challenge(id).isPresent(), id);
        }
        assertTrue(c.challenges().size() >= 6);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), c.lessons().stream().map(Lesson::order).toList());
    }
}
