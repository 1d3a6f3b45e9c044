package io.kubecanvas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Base64;

/**
 * kubeconfig files as kind writes them: a context {@code kubecanvas-NAME} (cluster, user and context of
 * that name) for the cluster's API server, merged into the user's kubeconfig (the first file of
 * {@code $KUBECONFIG}, else {@code ~/.kube/config}) and made current, and removed again by
 * {@code kubecanvas down}. Files are written readable by the owner only; other entries are kept as they were.
 */
public final class Kubeconfig {
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private Kubeconfig() {
    }

    /** The context name of a cluster: {@code kubecanvas-NAME}. */
    public static String contextName(String cluster) {
        return "kubecanvas-" + cluster;
    }

    /** A kubeconfig for one cluster, with the admin client certificate (or the bearer token when {@code token}). */
    public static String render(String cluster, String serverUrl, Credentials credentials, boolean token) {
        return write(document(cluster, serverUrl, credentials, token));
    }

    private static ObjectNode document(String cluster, String serverUrl, Credentials c, boolean token) {
        String name = contextName(cluster);
        ObjectNode doc = ObjectRenderer.JSON.objectNode();
        doc.put("apiVersion", "v1");
        doc.put("kind", "Config");
        ObjectNode cl = doc.putArray("clusters").addObject();
        cl.put("name", name);
        ObjectNode cluster1 = cl.putObject("cluster");
        cluster1.put("server", serverUrl);
        cluster1.put("certificate-authority-data", b64(c.caPem()));
        ObjectNode u = doc.putArray("users").addObject();
        u.put("name", name);
        ObjectNode user = u.putObject("user");
        if (token) {
            user.put("token", c.token());
        } else {
            user.put("client-certificate-data", b64(c.clientCertPem()));
            user.put("client-key-data", b64(c.clientKeyPem()));
        }
        ObjectNode ctx = doc.putArray("contexts").addObject();
        ctx.put("name", name);
        ObjectNode context = ctx.putObject("context");
        context.put("cluster", name);
        context.put("user", name);
        doc.put("current-context", name);
        doc.putObject("preferences");
        return doc;
    }

    /**
     * The file kubectl writes new entries to ({@code kubectl config set-context} does the same): with one
     * file in {@code $KUBECONFIG}, that file; with several, the first that exists, else the last; without
     * {@code $KUBECONFIG}, {@code ~/.kube/config}.
     */
    public static Path defaultPath() {
        String property = System.getProperty("kubecanvas.kubeconfig");
        if (property != null && !property.isBlank()) {
            return Path.of(property); // tests: never the user's own kubeconfig
        }
        // $HOME as kubectl reads it (Java's user.home comes from the password database instead)
        String home = System.getenv("HOME");
        return defaultPath(System.getenv("KUBECONFIG"), Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home));
    }

    static Path defaultPath(String kubeconfigVariable, Path home) {
        List<Path> listed = new java.util.ArrayList<>();
        if (kubeconfigVariable != null) {
            for (String p : kubeconfigVariable.split(java.io.File.pathSeparator)) {
                if (!p.isBlank()) {
                    listed.add(Path.of(p));
                }
            }
        }
        if (listed.isEmpty()) {
            return home.resolve(".kube").resolve("config");
        }
        return listed.stream().filter(Files::exists).findFirst().orElse(listed.get(listed.size() - 1));
    }

    /** Adds (or replaces) the cluster's context in {@code file} and makes it current. */
    public static void merge(Path file, String cluster, String serverUrl, Credentials credentials) throws IOException {
        ObjectNode doc = read(file);
        ObjectNode mine = document(cluster, serverUrl, credentials, false);
        String name = contextName(cluster);
        for (String list : new String[]{"clusters", "users", "contexts"}) {
            ArrayNode a = remove(doc, list, name);
            a.add(mine.path(list).get(0));
        }
        doc.put("current-context", name);
        save(file, doc);
    }

    /** Removes the cluster's context from {@code file}; returns false when it had none. */
    public static boolean remove(Path file, String cluster) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        ObjectNode doc = read(file);
        String name = contextName(cluster);
        boolean had = false;
        for (String list : new String[]{"clusters", "users", "contexts"}) {
            int before = doc.path(list).size();
            remove(doc, list, name);
            had |= doc.path(list).size() != before;
        }
        if (name.equals(doc.path("current-context").asText(""))) {
            doc.put("current-context", "");
            had = true;
        }
        if (had) {
            save(file, doc);
        }
        return had;
    }

    private static ArrayNode remove(ObjectNode doc, String list, String name) {
        ArrayNode a = doc.path(list) instanceof ArrayNode existing ? existing : doc.putArray(list);
        for (int i = a.size() - 1; i >= 0; i--) {
            if (name.equals(a.get(i).path("name").asText())) {
                a.remove(i);
            }
        }
        return a;
    }

    private static ObjectNode read(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            ObjectNode doc = ObjectRenderer.JSON.objectNode();
            doc.put("apiVersion", "v1");
            doc.put("kind", "Config");
            doc.putArray("clusters");
            doc.putArray("users");
            doc.putArray("contexts");
            doc.put("current-context", "");
            doc.putObject("preferences");
            return doc;
        }
        JsonNode n;
        try {
            n = YAML.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not a kubeconfig KubeCanvas can read (" + e.getOriginalMessage()
                    + "); fix it or pass --no-kubeconfig", e);
        }
        if (n == null || !n.isObject()) {
            throw new IOException(file + " is not a kubeconfig (its top level is not a map); fix it or pass --no-kubeconfig");
        }
        return (ObjectNode) n;
    }

    private static void save(Path file, ObjectNode doc) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Credentials.write(file, write(doc));
    }

    private static String write(JsonNode doc) {
        try {
            return YAML.writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}
