package io.kubecanvas.emulator.docker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Docker labels the emulator puts on everything it creates, and the filters that find it again.
 * All state of a running cluster lives in these labels.
 */
public final class Labels {
    public static final String OWNED = "io.kubecanvas.owned";
    public static final String CLUSTER = "io.kubecanvas.cluster";
    /** node, sandbox, container, edge, or underlay/access for networks. */
    public static final String ROLE = "io.kubecanvas.role";
    public static final String NODE = "io.kubecanvas.node";
    public static final String POD = "io.kubecanvas.pod";
    public static final String POD_UID = "io.kubecanvas.pod-uid";
    /** On a sandbox: the Pod address the plan gave it (a new address means a new sandbox). */
    public static final String POD_IP = "io.kubecanvas.pod-ip";
    /**
     * The Pod's container a container runs. On a sandbox too when the sandbox itself runs the Pod's one container,
     * a stand-in ({@link #runsContainer}): one container less per Pod.
     */
    public static final String CONTAINER = "io.kubecanvas.container";
    public static final String IMAGE = "io.kubecanvas.image";
    /** Present on stand-in containers: why the manifest's image was not run. */
    public static final String STANDIN = "io.kubecanvas.standin";
    /** Why an app container of a Pod was not started ({@code ErrImageNeverPull: ...}), on its sandbox. */
    public static final String NOT_STARTED = "io.kubecanvas.not-started";
    /** Environment variables of a container whose values come from a resource field and are not set. */
    public static final String UNRESOLVED_ENV = "io.kubecanvas.unresolved-env";
    /** pid:startMillis@bootId of the process that keeps the cluster alive, or "detached". */
    public static final String OWNER = "io.kubecanvas.owner";
    public static final String DESIGN = "io.kubecanvas.design";
    /** On the cluster DNS server's stand-in (dnsmasq in the CoreDNS Pod). */
    public static final String DNS_SERVER = "io.kubecanvas.dns-server";
    /** Where a cluster DNS server keeps its records (hosts, srv.conf) and its dnsmasq's pid file. */
    public static final String DNS_DIR = "io.kubecanvas.dns-dir";
    public static final String RECIPE = "io.kubecanvas.recipe";
    /** On the edge container: the host-reachable ports and where each leads. */
    public static final String EXPOSURES = "io.kubecanvas.exposures";

    public static final String ROLE_NODE = "node";
    public static final String ROLE_SANDBOX = "sandbox";
    public static final String ROLE_CONTAINER = "container";
    /** An init container: runs to completion before the app containers; a failed one is kept for its logs. */
    public static final String ROLE_INIT = "init";
    public static final String ROLE_EDGE = "edge";
    public static final String ROLE_UNDERLAY = "underlay";
    public static final String ROLE_ACCESS = "access";

    public static final String DETACHED = "detached";

    private Labels() {
    }

    /** The labels every object of a cluster carries. */
    public static Map<String, String> cluster(String cluster, String role) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(OWNED, "true");
        m.put(CLUSTER, cluster);
        m.put(ROLE, role);
        return m;
    }

    /** A Docker label filter ("key=value" or "key") matching everything the emulator owns. */
    public static List<String> ownedFilter() {
        return List.of(OWNED + "=true");
    }

    /** Everything of one cluster. */
    public static List<String> clusterFilter(String cluster) {
        return List.of(OWNED + "=true", CLUSTER + "=" + cluster);
    }

    /**
     * Does a container run one of its Pod's app containers: an app container, or a sandbox that runs the Pod's
     * stand-in itself (it carries the {@link #CONTAINER} label)?
     */
    public static boolean runsContainer(Map<String, String> labels) {
        String role = labels.get(ROLE);
        return ROLE_CONTAINER.equals(role) || ROLE_SANDBOX.equals(role) && labels.get(CONTAINER) != null;
    }

    /** Does a label set belong to the emulator (and, when {@code cluster} is not null, to that cluster)? */
    public static boolean matches(Map<String, String> labels, String cluster) {
        if (labels == null || !"true".equals(labels.get(OWNED))) {
            return false;
        }
        return cluster == null || cluster.equals(labels.get(CLUSTER));
    }

    /** A Docker object name part: lower case letters, digits, '-' and '.', never empty. */
    public static String namePart(String s) {
        String t = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("^[-.]+", "");
        return t.isEmpty() ? "x" : t;
    }
}
