package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.backend.PodRuntime;
import io.kubecanvas.emulator.plan.PodPlan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Starts one Pod's containers in its sandbox as the kubelet does: the images first, by each container's
 * {@code imagePullPolicy} ({@link Images}), then the init containers one after the other, each to completion
 * (a failed one stops the Pod: {@code Init:Error} with its exit code and last lines, kept for {@code logs}),
 * then the app containers. Returns what the Pod runs other than its spec says, or null.
 */
final class PodStart {
    /** How long an init container may run before the Pod is reported as still initialising. */
    static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);
    static final int LOG_LINES = 5;

    private PodStart() {
    }

    static PodRuntime start(DockerEngine engine, ClusterContainers specs, PodPlan pod, String clusterDomain, Images images) {
        return start(engine, specs, pod, clusterDomain, images, false, null);
    }

    /**
     * @param sandboxRuns the Pod's sandbox runs its one container, a stand-in, itself
     *                    ({@link ClusterContainers#sandbox(PodPlan, List, String, boolean)}): nothing is started here,
     *                    only what the Pod runs instead of its spec is said
     * @param dns         the records a cluster DNS stand-in starts with (null: none)
     */
    static PodRuntime start(DockerEngine engine, ClusterContainers specs, PodPlan pod, String clusterDomain, Images images,
                            boolean sandboxRuns, ClusterContainers.DnsFiles dns) {
        List<String> notes = new ArrayList<>();
        // the init containers, in order, each to completion
        int i = 0;
        for (PodPlan.ContainerPlan c : pod.initContainers()) {
            Images.Outcome img = images.resolve(c.image(), c.imagePullPolicy());
            if (img.neverPulled()) {
                return new PodRuntime("Init:ErrImageNeverPull: init container " + c.name() + ": " + img.message(), false);
            }
            if (!img.usable()) {
                // nothing can stand in for an init container's work: it counts as done, as on the sim
                notes.add("init container " + c.name() + " skipped (" + img.message() + ")");
                i++;
                continue;
            }
            ContainerSpec spec = specs.initContainer(pod, c, i);
            String id = engine.run(spec);
            Integer code = engine.await(id, INIT_TIMEOUT);
            if (code == null) {
                return new PodRuntime("Init:" + i + "/" + pod.initContainers().size() + ": init container " + c.name()
                        + " still runs after " + INIT_TIMEOUT.toSeconds() + " s; the Pod's containers are not started", false);
            }
            if (code != 0) {
                return new PodRuntime("Init:Error: init container " + c.name() + " exited with code " + code
                        + lastLines(engine, id), false);
            }
            engine.remove(id);
            i++;
        }
        // the app containers
        Set<String> notStarted = new LinkedHashSet<>();
        Set<String> usable = new java.util.HashSet<>();
        for (PodPlan.ContainerPlan c : pod.containers()) {
            Images.Outcome img = images.resolve(c.image(), c.imagePullPolicy());
            if (img.usable()) {
                usable.add(c.image());
            }
            if (img.neverPulled()) {
                notStarted.add(c.name());
                notes.add(0, "ErrImageNeverPull: container " + c.name() + ": " + img.message());
            } else if (img.pullError() != null) {
                notes.add("ErrImagePull: container " + c.name() + ": " + img.pullError()
                        + (img.usable() ? "; runs the local image" : "; runs the labelled stand-in instead"));
            }
        }
        if (!sandboxRuns) {
            for (ContainerSpec app : specs.appContainers(pod, clusterDomain, usable::contains, notStarted, dns)) {
                engine.run(app);
            }
        }
        if (notes.isEmpty()) {
            return null;
        }
        return new PodRuntime(String.join("; ", notes), notStarted.isEmpty());
    }

    /** " with code 1: its last lines" of a container that exited, or "" where the engine cannot say. */
    static String exited(DockerEngine engine, String id) {
        Integer code;
        try {
            code = engine.exitCode(id);
        } catch (RuntimeException e) {
            return "";
        }
        return (code == null ? "" : " with code " + code) + lastLines(engine, id);
    }

    /** ": last lines" of a container's output, on one line, or "". */
    static String lastLines(DockerEngine engine, String id) {
        String out;
        try {
            out = engine.logs(id, LOG_LINES);
        } catch (RuntimeException e) {
            return "";
        }
        String joined = String.join(" | ", out.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        return joined.isEmpty() ? "" : ": " + (joined.length() > 400 ? joined.substring(joined.length() - 400) : joined);
    }

    /**
     * The images of one apply, each asked of the engine once: present, pulled by its policy, or neither. Pull
     * progress goes to the run's log; a failed pull is not tried again within the same apply.
     */
    static final class Images {
        /** A failed pull is not tried again for this long (a machine without a registry would try at every apply). */
        static final Duration RETRY_AFTER = Duration.ofMinutes(2);
        private final DockerEngine engine;
        private final Consumer<String> progress;
        private final Map<String, Outcome> known = new ConcurrentHashMap<>();
        /** ref to (the engine's words, when) of pulls that failed, kept by the cluster across applies. */
        private final Map<String, Failed> failed;

        record Failed(String why, long atNanos) {
        }

        Images(DockerEngine engine, Consumer<String> progress) {
            this(engine, progress, new ConcurrentHashMap<>());
        }

        Images(DockerEngine engine, Consumer<String> progress, Map<String, Failed> failed) {
            this.engine = engine;
            this.progress = progress;
            this.failed = failed;
        }

        /**
         * @param usable      the image is there to run
         * @param neverPulled absent with {@code imagePullPolicy: Never}
         * @param pullError   the engine's words when a pull was tried and failed
         */
        record Outcome(boolean usable, boolean neverPulled, String pullError, String message) {
        }

        Outcome resolve(String ref, String policy) {
            return known.computeIfAbsent(ref + "|" + policy, k -> decide(ref, policy));
        }

        private Outcome decide(String ref, String policy) {
            boolean present = engine.imageExists(ref);
            if ("Never".equals(policy)) {
                return present ? new Outcome(true, false, null, ref + " is present")
                        : new Outcome(false, true, null, "Container image \"" + ref
                        + "\" is not present with pull policy of Never");
            }
            if (present && !"Always".equals(policy)) {
                return new Outcome(true, false, null, ref + " is present");
            }
            Failed before = failed.get(ref);
            if (before != null && System.nanoTime() - before.atNanos() < RETRY_AFTER.toNanos()) {
                // the same answer as a moment ago, without asking the registry again
                return new Outcome(present, false, before.why(), ref + (present ? " is present" : " is not present"));
            }
            try {
                progress.accept("pulling " + ref + " (imagePullPolicy " + policy + ")");
                engine.pull(ref, progress);
                failed.remove(ref);
                return new Outcome(true, false, null, ref + " pulled");
            } catch (RuntimeException e) {
                String why = "failed to pull image \"" + ref + "\": " + DockerJavaEngine.rootMessage(e);
                failed.put(ref, new Failed(why, System.nanoTime()));
                progress.accept(why + (present ? "; the local image runs" : "; a labelled stand-in runs instead"));
                // Always with a local copy: the copy runs (the registry is out of reach, not the image gone)
                return new Outcome(present, false, why, ref + (present ? " is present" : " is not present"));
            }
        }
    }
}
