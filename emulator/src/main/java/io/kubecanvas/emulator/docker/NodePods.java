package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.docker.DockerEngine.ContainerInfo;
import io.kubecanvas.emulator.plan.NodeScript;
import io.kubecanvas.emulator.docker.DockerEngine.ExecResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Pods that their node runs itself, as a kind node's containerd runs its Pods: a Pod whose sandbox would only run
 * the stand-in (one container whose image cannot run) is not a Docker container of its own but the sandbox's
 * process tree started inside its node container, in network, UTS, IPC and mount namespaces of its own, with the
 * capabilities its sandbox container would have had (setpriv's bounding set, no new privileges), its own
 * resolv.conf and /etc/hosts bound over the node's, its output in a file. Docker starts about five containers a
 * second on two cores; a node starts such a Pod in a few milliseconds, so a design of stand-ins waits for its nodes
 * only (200 Pods: 201 sandbox containers took 28-37 s).
 *
 * <p>To everything above the engine such a Pod is a sandbox container as before: {@link DockerJavaEngine} lists it
 * among the containers with the labels its container would have carried (kept in the node, read back by one exec
 * per node), execs in its namespaces (nsenter, with the same capabilities), reads its output, kills and removes it.
 * Its id is {@code node-pod:<node container>/<sandbox name>}. It goes with its node: a stopped node's Pods are
 * listed as exited (their files stay, their processes do not), a removed node's are gone, so cleanup by label
 * leaves nothing either.
 */
final class NodePods {
    static final String PREFIX = "node-pod:";
    /** Where a node keeps its Pods' files: NAME.labels, NAME.pid, NAME.caps, NAME.log, NAME.resolv, NAME.hosts. */
    static final String DIR = "/run/kubecanvas/node-pods";
    /** The most script one exec's bash -c takes here (an argument may hold 128 KiB). */
    static final int SCRIPT_LIMIT = 100_000;
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The pause process of a Pod named $1 runs: its pid file names a live process whose command is the pause. */
    private static final String ALIVE = "alive() { local p a; { read -r p < " + DIR + "/$1.pid; } 2>/dev/null || return 1; "
            + "[ -n \"$p\" ] && { mapfile -d '' a < /proc/$p/cmdline; } 2>/dev/null && [[ ${a[1]:-} == */kubecanvas-pause ]]; }\n";
    /** Runs "$@" in the namespaces of Pod $1 with its capabilities and environment (exit 125 when it does not run). */
    private static final String ENTER = ALIVE + "f=$1; shift; if ! alive \"$f\"; then echo \"the Pod's processes do not run"
            + " (its node restarted, or it was removed)\" >&2; exit 125; fi\n"
            + "read -r p < " + DIR + "/$f.pid; read -r caps < " + DIR + "/$f.caps; mapfile -d '' e < /proc/$p/environ\n"
            // the Pod's environment, as docker exec gives a container's
            + "exec nsenter -t \"$p\" --net --uts --ipc --mount -- setpriv --bounding-set=\"$caps\" --no-new-privs -- env -i"
            + " \"${e[@]}\" \"$@\"\n";

    /**
     * A Pod's resolv.conf and /etc/hosts are bound over the node's in the Pod's mount namespace. Where the host's
     * AppArmor confines containers (docker-default denies mount) that cannot be: the node says so (exit 18) before
     * it starts anything, and the engine runs such sandboxes as containers of their own instead.
     */
    static final int NO_MOUNT = 18;
    private static final String CAN_MOUNT = "if ! out=$(unshare --mount --propagation private -- busybox mount -o bind"
            + " /etc/hostname /etc/hostname 2>&1); then echo \"this node cannot mount in a Pod's namespace: $out\" >&2; exit "
            + NO_MOUNT + "; fi\n";

    /** The node container cannot mount (AppArmor): its Pods need containers of their own. */
    static final class MountDenied extends RuntimeException {
        MountDenied(String node, String why) {
            super("node container " + node + " cannot run Pods itself: " + why);
        }
    }

    private final DockerJavaEngine engine;
    /** The check that a node can mount in a Pod's namespace; a test replaces it to see the engine without mounts. */
    volatile String canMount = CAN_MOUNT;

    NodePods(DockerJavaEngine engine) {
        this.engine = engine;
    }

    static boolean isId(String id) {
        return id != null && id.startsWith(PREFIX);
    }

    /** A sandbox that runs the Pod's stand-in, in the node's PID namespace, without a network of Docker's. */
    static boolean runsInNode(ContainerSpec s) {
        return Labels.ROLE_SANDBOX.equals(s.label(Labels.ROLE)) && s.label(Labels.CONTAINER) != null
                && "none".equals(s.network()) && s.pidMode() != null && s.pidMode().startsWith("container:");
    }

    /** The node container a Pod's id names. */
    static String nodeOf(String id) {
        return id.substring(PREFIX.length(), id.indexOf('/'));
    }

    private static String file(String id) {
        return id.substring(id.indexOf('/') + 1);
    }

    /** The bounding set of {@code caps} (Docker's names, e.g. NET_RAW) in setpriv's words. */
    static String boundingSet(List<String> caps) {
        StringBuilder b = new StringBuilder("-all");
        for (String c : caps) {
            if (!c.matches("[A-Z_]+")) {
                throw new IllegalArgumentException("not a capability: " + c);
            }
            b.append(",+").append(c.toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }

    /** The script that starts the sandbox {@code s} inside its node; it fails (17) where that Pod already runs. */
    static String startScript(ContainerSpec s) {
        String f = s.name();
        if (!f.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalArgumentException("not a sandbox name: " + f);
        }
        StringBuilder sc = new StringBuilder("set -e\n").append(ALIVE);
        sc.append("D=").append(DIR).append("; f=").append(f).append("\nmkdir -p $D\n");
        sc.append("if alive $f; then echo \"Pod sandbox $f already runs in this node\" >&2; exit 17; fi\n");
        StringBuilder resolv = new StringBuilder();
        s.dns().forEach(d -> resolv.append("nameserver ").append(d).append('\n'));
        if (!s.dnsSearch().isEmpty()) {
            resolv.append("search ").append(String.join(" ", s.dnsSearch())).append('\n');
        }
        if (!s.dnsOptions().isEmpty()) {
            resolv.append("options ").append(String.join(" ", s.dnsOptions())).append('\n');
        }
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        for (String h : s.extraHosts()) {
            int c = h.lastIndexOf(':');
            hosts.append(h.substring(c + 1)).append('\t').append(h, 0, c).append('\n');
        }
        StringBuilder labels = new StringBuilder();
        s.labels().forEach((k, v) -> labels.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
        sc.append("printf '%s' ").append(shq(resolv.toString())).append(" > $D/$f.resolv\n");
        sc.append("printf '%s' ").append(shq(hosts.toString())).append(" > $D/$f.hosts\n");
        sc.append("printf '%s' ").append(shq(boundingSet(s.capAdd()))).append(" > $D/$f.caps\n");
        sc.append("rm -f $D/$f.labels\n");
        String host = s.hostname() == null ? f : s.hostname();
        String inner = "hostname " + shq(host) + " && ip link set lo up && busybox mount -o bind " + DIR + "/" + f + ".resolv /etc/resolv.conf"
                + " && busybox mount -o bind " + DIR + "/" + f + ".hosts /etc/hosts && exec setpriv --bounding-set="
                + boundingSet(s.capAdd()) + (s.securityOpts().contains("no-new-privileges:true") ? " --no-new-privs" : "")
                + " --" + s.cmd().stream().map(NodePods::shq).reduce("", (a, b) -> a + " " + b);
        sc.append("env -i PATH=").append(PATH).append(" HOME=/root HOSTNAME=").append(shq(host));
        s.env().forEach((k, v) -> sc.append(' ').append(shq(k + "=" + v)));
        // setsid and unshare exec (no fork), so $! is the pause process that the node's plumbing finds
        sc.append(" setsid unshare --net --uts --ipc --mount --propagation private -- /bin/sh -c ").append(shq(inner))
                .append(" > $D/$f.log 2>&1 < /dev/null &\n");
        sc.append("echo $! > $D/$f.pid\n");
        sc.append("printf '%s' ").append(shq(labels.toString())).append(" > $D/$f.labels\n");
        return sc.toString();
    }

    /**
     * Waits (at most 2 s) until each of the sandboxes {@code names} runs its pause: the node's plumbing finds a Pod by
     * its pause process, which its start reaches after its hostname, loopback and mounts are set (a plumbing that
     * came first said "no sandbox process"). One that ends before says why, with its output.
     */
    static String awaitPause(List<String> names) {
        StringBuilder sc = new StringBuilder(ALIVE).append("for f in");
        names.forEach(n -> sc.append(' ').append(n));
        sc.append("; do for i in $(seq 200); do alive $f && break; p=; { read -r p < ").append(DIR).append("/$f.pid; } 2>/dev/null;")
                .append(" [ -n \"${p:-}\" ] && [ -e /proc/$p ] || break; sleep 0.01; done; alive $f || { echo \"Pod sandbox $f did")
                .append(" not start: $(tail -c 400 ").append(DIR).append("/$f.log 2>/dev/null)\" >&2; rc=1; }; done\n");
        return sc.toString();
    }

    String run(ContainerSpec s) {
        return runAll(List.of(s)).get(s.name());
    }

    /**
     * Starts {@code specs} (each {@link #runsInNode}) with one exec per node, each in a subshell of its own: their
     * ids by sandbox name. Any that cannot start fail the call, naming each.
     */
    Map<String, String> runAll(List<ContainerSpec> specs) {
        Map<String, List<ContainerSpec>> byNode = new LinkedHashMap<>();
        for (ContainerSpec s : specs) {
            byNode.computeIfAbsent(s.pidMode().substring("container:".length()), k -> new ArrayList<>()).add(s);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        byNode.forEach((node, ss) -> {
            // one argument of bash -c holds at most 128 KiB (the kernel's MAX_ARG_STRLEN): a large node takes more
            List<String> scripts = new ArrayList<>();
            List<List<String>> names = new ArrayList<>();
            StringBuilder sc = new StringBuilder();
            List<String> chunk = new ArrayList<>();
            for (ContainerSpec s : ss) {
                String one = startLine(s);
                if (sc.length() + one.length() > SCRIPT_LIMIT && sc.length() > 0) {
                    scripts.add(sc.toString());
                    names.add(chunk);
                    sc.setLength(0);
                    chunk = new ArrayList<>();
                }
                sc.append(one);
                chunk.add(s.name());
            }
            scripts.add(sc.toString());
            names.add(chunk);
            for (int i = 0; i < scripts.size(); i++) {
                ExecResult r = startIn(node, List.of("/bin/bash", "-c", starting(scripts.get(i), names.get(i)) + "exit $rc\n"));
                if (!r.ok()) {
                    failed.add("in node container " + node + ": " + (r.stderr().isBlank() ? "exit " + r.exitCode() : r.stderr().strip()));
                }
            }
            ss.forEach(s -> ids.put(s.name(), PREFIX + node + "/" + s.name()));
        });
        if (!failed.isEmpty()) {
            throw new IllegalStateException("cannot start Pod sandboxes " + String.join("; ", failed));
        }
        return ids;
    }

    /** The line of a node's exec that starts sandbox {@code s} in a subshell, saying so when it does not start. */
    private static String startLine(ContainerSpec s) {
        return "( " + startScript(s) + ") || { echo \"Pod sandbox " + s.name() + " did not start (exit $?)\" >&2; rc=1; }\n";
    }

    /**
     * The start of a node's exec that starts sandboxes: it waits for the node's own start, checks that the node can
     * mount (exit {@link #NO_MOUNT}), runs {@code lines} ({@link #startLine}) and waits for each of {@code names} to run
     * its pause; {@code $rc} then says whether all started.
     */
    private String starting(String lines, List<String> names) {
        return NodeScript.AWAIT_NODE + canMount + "rc=0\n" + lines + awaitPause(names);
    }

    /** Runs a sandboxes' exec ({@link #starting}) in {@code node}; a node that cannot mount is {@link MountDenied}. */
    private ExecResult startIn(String node, List<String> cmd) {
        ExecResult r = engine.exec(node, cmd);
        if (r.exitCode() == NO_MOUNT) {
            throw new MountDenied(node, r.stderr().strip());
        }
        return r;
    }

    /** The exit status of a {@link #runAllThen} exec whose sandboxes did not all start (then was not run). */
    static final int SANDBOXES_FAILED = 19;

    /**
     * Starts {@code specs} (each {@link #runsInNode}, all in one node) and then runs {@code then} ({@code bash -c
     * SCRIPT NAME ARGS...}) in the same exec: the node's Pods and its plumbing in one call instead of two. Null (nothing
     * done) where the sandboxes' script or then's do not fit in one exec's arguments; sandboxes that do not start fail
     * the call (then does not run).
     */
    DockerEngine.RunThen runAllThen(List<ContainerSpec> specs, List<String> then) {
        if (then.size() < 3 || !then.get(0).equals("/bin/bash") || !then.get(1).equals("-c")) {
            return null;
        }
        StringBuilder sc = new StringBuilder();
        specs.forEach(s -> sc.append(startLine(s)));
        String script = starting(sc.toString(), specs.stream().map(ContainerSpec::name).toList())
                + "[ $rc = 0 ] || exit " + SANDBOXES_FAILED + "\n" + then.get(2);
        if (script.length() > SCRIPT_LIMIT || then.subList(3, then.size()).stream().anyMatch(a -> a.length() > SCRIPT_LIMIT)) {
            return null;
        }
        String node = specs.get(0).pidMode().substring("container:".length());
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", script));
        cmd.addAll(then.subList(3, then.size()));
        ExecResult r = startIn(node, cmd);
        if (r.exitCode() == SANDBOXES_FAILED) {
            throw new IllegalStateException("cannot start Pod sandboxes in node container " + node + ": " + r.stderr().strip());
        }
        return new DockerEngine.RunThen(specs.stream().map(s -> PREFIX + node + "/" + s.name()).toList(), r);
    }

    /** The node-run Pods of the running node containers that {@code filters} could select, filtered like Docker's. */
    List<ContainerInfo> list(List<String> filters) {
        for (String f : filters) {
            // a node runs sandboxes only (the cluster DNS stand-in among them)
            if (f.startsWith(Labels.ROLE + "=") && !f.equals(Labels.ROLE + "=" + Labels.ROLE_SANDBOX)) {
                return List.of();
            }
        }
        List<String> nodeFilters = new ArrayList<>(List.of(Labels.OWNED + "=true", Labels.ROLE + "=" + Labels.ROLE_NODE));
        for (String f : filters) {
            if (f.startsWith(Labels.CLUSTER + "=") || f.startsWith(Labels.NODE + "=")) {
                nodeFilters.add(f);
            }
        }
        List<ContainerInfo> nodes = engine.dockerContainers(nodeFilters);
        List<CompletableFuture<List<ContainerInfo>>> each = new ArrayList<>();
        for (ContainerInfo n : nodes) {
            each.add(CompletableFuture.supplyAsync(() -> n.running() ? listNode(n) : listStopped(n)));
        }
        List<ContainerInfo> out = new ArrayList<>();
        for (CompletableFuture<List<ContainerInfo>> f : each) {
            for (ContainerInfo c : f.join()) {
                if (matches(c.labels(), filters)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private List<ContainerInfo> listNode(ContainerInfo node) {
        // bash's own reads, no process per Pod
        String script = ALIVE + "for l in " + DIR + "/*.labels; do [ -e \"$l\" ] || continue; f=${l##*/}; f=${f%.labels}; "
                + "a=0; alive $f && a=1; echo \"@@ $f $a\"; while IFS= read -r x; do echo \"$x\"; done < \"$l\"; done\n";
        ExecResult r;
        try {
            r = engine.exec(node.id(), List.of("/bin/bash", "-c", script));
        } catch (RuntimeException e) {
            return List.of(); // the node stopped meanwhile
        }
        List<ContainerInfo> out = new ArrayList<>();
        String f = null;
        boolean alive = false;
        Map<String, String> labels = null;
        for (String line : (r.stdout() + "@@ end 0\n").split("\n")) {
            if (line.startsWith("@@ ")) {
                if (f != null) {
                    out.add(new ContainerInfo(PREFIX + node.name() + "/" + f, f, labels, alive, alive ? "running" : "exited",
                            Map.of(), Map.of()));
                }
                String[] w = line.split(" ");
                f = w[1];
                alive = "1".equals(w[2]);
                labels = new LinkedHashMap<>();
            } else if (labels != null) {
                label(line, labels);
            }
        }
        return out;
    }

    /** A stopped node's Pods, read from its files: none runs. */
    private List<ContainerInfo> listStopped(ContainerInfo node) {
        List<ContainerInfo> out = new ArrayList<>();
        Map<String, byte[]> files;
        try {
            files = engine.readFiles(node.id(), DIR);
        } catch (RuntimeException e) {
            return out;
        }
        files.forEach((name, bytes) -> {
            if (name.endsWith(".labels")) {
                String f = name.substring(0, name.length() - ".labels".length());
                Map<String, String> labels = new LinkedHashMap<>();
                for (String line : new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    label(line, labels);
                }
                out.add(new ContainerInfo(PREFIX + node.name() + "/" + f, f, labels, false, "exited", Map.of(), Map.of()));
            }
        });
        return out;
    }

    /** One {@code key=value} line of a Pod's labels file into {@code labels} (other lines are not labels). */
    private static void label(String line, Map<String, String> labels) {
        int eq = line.indexOf('=');
        if (eq > 0) {
            labels.put(line.substring(0, eq), line.substring(eq + 1));
        }
    }

    /** Docker's label filter: {@code key=value} or {@code key} (present). */
    static boolean matches(Map<String, String> labels, List<String> filters) {
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq < 0 ? !labels.containsKey(f) : !f.substring(eq + 1).equals(labels.get(f.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }

    /** {@code cmd} in the Pod's namespaces, run through its node. */
    List<String> entering(String id, List<String> cmd) {
        List<String> c = new ArrayList<>(List.of("/bin/bash", "-c", ENTER, "node-pod", file(id)));
        c.addAll(cmd);
        return c;
    }

    /** The output of the Pod's processes, its last {@code tail} lines (all when 0 or less), as Docker's logs. */
    String logs(String id, int tail) {
        return engine.exec(nodeOf(id), logsCommand(id, false, tail > 0 ? tail : -1)).stdout();
    }

    List<String> logsCommand(String id, boolean follow, int tail) {
        List<String> c = new ArrayList<>(List.of("tail", "-n", tail >= 0 ? String.valueOf(tail) : "+1"));
        if (follow) {
            c.add("-F");
        }
        c.add(DIR + "/" + file(id) + ".log");
        return c;
    }

    /** Signals the Pod's pause process (whose trap ends its stand-in's process group) or, with KILL, every process. */
    void signal(String id, String signal) {
        String f = file(id);
        engine.exec(nodeOf(id), List.of("/bin/bash", "-c", ALIVE + "if alive " + f + "; then p=$(cat " + DIR + "/" + f + ".pid); "
                + ("KILL".equals(signal)
                ? "for c in $(pgrep -P $p); do kill -KILL -- -$c 2>/dev/null; kill -KILL $c 2>/dev/null; done; kill -KILL $p; "
                : "kill -" + signal + " $p; for i in 1 2 3 4 5 6 7 8 9 10; do alive " + f + " || break; sleep 0.1; done; ")
                + "fi; true"));
    }

    void remove(String id) {
        String f = file(id);
        try {
            signal(id, "TERM");
            engine.exec(nodeOf(id), List.of("/bin/sh", "-c", "rm -f " + DIR + "/" + f + ".*"));
        } catch (RuntimeException e) {
            // the node is gone, and the Pod with it
        }
    }

    static String shq(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
