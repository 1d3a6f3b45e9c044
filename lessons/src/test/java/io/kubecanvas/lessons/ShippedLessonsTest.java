package io.kubecanvas.lessons;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.ProbeResult;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.state.ClusterState.PodState;
import io.kubecanvas.model.Cluster;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped lesson taken from its first step to its last on the sim backend by a scripted learner: before the
 * learner acts a step's condition does not hold, after the learner does what the step asks it does and the lesson
 * moves on. The learner answers questions with what the running cluster says (and once wrongly, to see it refused).
 */
class ShippedLessonsTest {
    @TempDir
    Path temp;

    /** The learner: a design being edited, the cluster running it on the sim, what is selected and shown. */
    static final class Learner {
        final LessonRun lesson;
        Design design;
        SimRun run;
        final Set<String> selection = new HashSet<>();
        String tab = "design";
        String layer;

        Learner(Lesson l, Progress progress) {
            lesson = new LessonRun(l, progress);
            design = l.design();
            run = SimRun.start(design, List.of());
        }

        LearnerView view() {
            return new LearnerView(design, run.state(), selection, tab, layer, List.of());
        }

        void edit(UnaryOperator<Design> change) {
            design = change.apply(design);
            run = SimRun.start(design, List.of());
        }

        void editObject(String kind, String name, String path, Object value) {
            edit(d -> {
                KubeObject o = d.objects(kind).stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
                return d.replace(o, o.with(path, value));
            });
        }

        void add(String yaml) {
            edit(d -> {
                try {
                    return d.add(DesignIO.parse("added.yaml", yaml).objects().get(0));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }

        String pod(String app) {
            return run.state().pods().stream().filter(p -> app.equals(p.labels().get("app")) && p.ip() != null)
                    .map(PodState::key).findFirst().orElseThrow(() -> new AssertionError("no running Pod app=" + app));
        }

        ProbeResult send(String from, String to, int port) {
            ProbeResult r = run.probe(new ProbeRequest(from, to, port, Protocol.TCP));
            lesson.seen(r.hops());
            return r;
        }

        void answerRight() {
            Question q = lesson.step().question();
            assertNotNull(q, "step " + lesson.step().title() + " asks nothing");
            List<String> right = q.accepted(run.state());
            assertFalse(right.isEmpty(), "no right answer known for " + q.ask());
            assertFalse(lesson.answer("certainly not this", run.state()), "a wrong answer is refused");
            assertTrue(lesson.feedback().startsWith("Not quite"), lesson.feedback());
            assertTrue(lesson.answer(right.get(0), run.state()), q.ask() + " answered " + right.get(0));
        }
    }

    private static Consumer<Learner> answer() {
        return Learner::answerRight;
    }

    private static Map<String, List<Consumer<Learner>>> scripts() {
        return Map.of(
                "cluster-parts", List.of(
                        l -> l.selection.add("Node/control-plane"),
                        l -> l.selection.add("Node/worker-2"),
                        answer(),
                        l -> l.editObject("Deployment", "web-deployment", "spec.replicas", 3),
                        l -> l.tab = "network",
                        l -> {
                            assertEquals(List.of("3"), l.lesson.step().question().accepted(l.run.state()));
                            l.answerRight();
                        }),
                "four-rules", List.of(
                        answer(),
                        l -> l.send("default/client", "default/server", 80),
                        answer(),
                        answer(),
                        answer()),
                "pod-to-pod-bridge", List.of(
                        l -> {
                            l.tab = "network";
                            l.layer = "physical";
                        },
                        l -> l.send("default/a", "default/b", 80),
                        answer(),
                        answer()),
                "pod-to-pod-vxlan", List.of(
                        l -> l.send("default/a", "default/b", 80),
                        answer(),
                        answer(),
                        answer(),
                        l -> l.edit(d -> d.withCluster(d.cluster().withNetwork(withCni(d.cluster().network(),
                                l.lesson.step().action().cni())))),
                        l -> l.send("default/a", "default/b", 80),
                        answer()),
                "pod-to-service", List.of(
                        l -> l.selection.add("Service/default/web-service"),
                        l -> l.tab = "network",
                        l -> l.send("default/client", "web-service", 80),
                        answer(),
                        l -> {
                            for (int i = 0; i < 20; i++) {
                                l.send("default/client", "web-service", 80);
                            }
                        },
                        answer()),
                "nodeport-loadbalancer", List.of(
                        answer(),
                        l -> l.send(ProbeRequest.EXTERNAL, "node/worker-1", 30080),
                        answer(),
                        l -> l.editObject("Service", "web-service", "spec.type", "LoadBalancer"),
                        l -> l.send(ProbeRequest.EXTERNAL, l.run.state().service("default", "web-service").loadBalancerIp(), 80),
                        answer()),
                "ingress-tls", List.of(
                        l -> l.send(ProbeRequest.EXTERNAL, "http://shop.local/", 0),
                        l -> l.send(ProbeRequest.EXTERNAL, "http://shop.local/blog", 0),
                        answer(),
                        l -> l.editObject("Ingress", "shop", "spec.tls", List.of(Map.of("hosts", List.of("shop.local"),
                                "secretName", "shop-tls"))),
                        l -> l.send(ProbeRequest.EXTERNAL, "https://shop.local/", 0),
                        answer()),
                "network-policy", List.of(
                        l -> l.send(l.pod("web"), "default/db", 5432),
                        l -> l.add("""
                                apiVersion: networking.k8s.io/v1
                                kind: NetworkPolicy
                                metadata: {name: networkpolicy-1}
                                spec: {podSelector: {}, policyTypes: [Ingress], ingress: []}
                                """),
                        l -> assertEquals(ProbeResult.Outcome.POLICY_DROPPED, l.send(l.pod("web"), "default/db", 5432).outcome()),
                        answer(),
                        l -> {
                            l.add("""
                                    apiVersion: networking.k8s.io/v1
                                    kind: NetworkPolicy
                                    metadata: {name: db-from-web}
                                    spec:
                                      podSelector: {matchLabels: {app: db}}
                                      ingress:
                                        - from: [{podSelector: {matchLabels: {app: web}}}]
                                          ports: [{port: 5432}]
                                    """);
                            assertTrue(l.send(l.pod("web"), "default/db", 5432).delivered());
                        }));
    }

    static Cluster.NetworkSettings withCni(Cluster.NetworkSettings n, String cni) {
        return new Cluster.NetworkSettings(cni, n.clusterCidr(), n.nodeCidrMaskSize(), n.serviceCidr(), n.clusterDomain(),
                n.loadBalancerPool(), n.underlayCidr());
    }

    @TestFactory
    List<DynamicTest> everyShippedLessonCanBeTakenToTheEndOnTheSim() {
        Map<String, List<Consumer<Learner>>> scripts = scripts();
        List<DynamicTest> tests = new ArrayList<>();
        for (Lesson lesson : Catalog.shipped().lessons()) {
            tests.add(DynamicTest.dynamicTest(lesson.id(), () -> {
                List<Consumer<Learner>> script = scripts.get(lesson.id());
                assertNotNull(script, "no scripted learner for lesson " + lesson.id());
                assertEquals(lesson.steps().size(), script.size(), "one action per step of " + lesson.id());
                Learner l = new Learner(lesson, Progress.open(temp.resolve(lesson.id() + ".json")));
                for (int i = 0; i < script.size(); i++) {
                    assertEquals(i, l.lesson.index(), lesson.id() + " is at step " + i);
                    String step = lesson.id() + " step " + (i + 1) + " (" + l.lesson.step().title() + ")";
                    assertFalse(l.lesson.update(l.view()), step + ": its condition holds before the learner acted");
                    script.get(i).accept(l);
                    assertTrue(l.lesson.update(l.view()), step + ": " + l.lesson.step().until().describe() + " did not fire");
                    assertTrue(l.lesson.done(i), step + " is done");
                }
                assertTrue(l.lesson.finished(), lesson.id() + " finished");
            }));
        }
        return tests;
    }
}
