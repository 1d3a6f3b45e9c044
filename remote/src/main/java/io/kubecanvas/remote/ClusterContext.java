package io.kubecanvas.remote;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One context of the user's kubeconfig, as kubectl finds it: {@code --kubeconfig}, else {@code $KUBECONFIG}
 * (a list of files), else {@code ~/.kube/config}; the named context, else the current one. It opens
 * fabric8 clients and turns their failures into messages that say which context, what failed and what
 * to do, with any credential of the context blanked out.
 */
public final class ClusterContext {
    private final String name;
    private final List<Path> kubeconfigs;
    private final Config config;

    private ClusterContext(String name, List<Path> kubeconfigs, Config config) {
        this.name = name;
        this.kubeconfigs = List.copyOf(kubeconfigs);
        this.config = config;
    }

    /**
     * Finds a context.
     *
     * @param kubeconfig a kubeconfig file, or null for {@code $KUBECONFIG} / {@code ~/.kube/config}
     * @param context    the context's name, or null for the kubeconfig's current context
     * @param namespace  the namespace for objects that name none, or null for the context's (else default)
     */
    public static ClusterContext resolve(Path kubeconfig, String context, String namespace) throws RemoteException {
        List<Path> files = kubeconfigFiles(kubeconfig);
        List<io.fabric8.kubernetes.api.model.Config> parsed = new ArrayList<>();
        for (Path f : files) {
            try {
                parsed.add(KubeConfigUtils.parseConfig(f.toFile()));
            } catch (RuntimeException e) {
                throw new RemoteException("cannot read the kubeconfig " + f + " (" + rootMessage(e)
                        + "); check that it is a kubeconfig file (kubectl config view --kubeconfig " + f + ")");
            }
        }
        Set<String> names = new LinkedHashSet<>();
        String current = null;
        for (io.fabric8.kubernetes.api.model.Config c : parsed) {
            if (c.getContexts() != null) {
                c.getContexts().stream().map(NamedContext::getName).forEach(names::add);
            }
            if (current == null && c.getCurrentContext() != null && !c.getCurrentContext().isEmpty()) {
                current = c.getCurrentContext();
            }
        }
        String where = files.stream().map(Path::toString).collect(Collectors.joining(", "));
        String chosen = context != null ? context : current;
        if (chosen == null) {
            throw new RemoteException("the kubeconfig " + where + " has no current context; name one with --context"
                    + contextsHint(names));
        }
        if (!names.contains(chosen)) {
            throw new RemoteException("no context '" + chosen + "' in the kubeconfig " + where + contextsHint(names));
        }
        Config config = kubeconfig != null ? Config.fromKubeconfig(chosen, kubeconfig.toFile()) : Config.autoConfigure(chosen);
        if (config.getMasterUrl() == null || config.getMasterUrl().isEmpty()) {
            throw new RemoteException("context '" + chosen + "' in " + where + " names no cluster server; fix its cluster entry");
        }
        if (namespace != null && !namespace.isEmpty()) {
            config.setNamespace(namespace);
        } else if (config.getNamespace() == null || config.getNamespace().isEmpty()) {
            config.setNamespace("default");
        }
        // A user waits at a prompt: fail in seconds, not after fabric8's ten retries with back-off.
        config.setRequestRetryBackoffLimit(0);
        config.setConnectionTimeout(5_000);
        config.setRequestTimeout(30_000);
        return new ClusterContext(chosen, files, config);
    }

    /** The context names of the kubeconfig (for a chooser), the current one first; empty when there is none. */
    public static List<String> contextNames(Path kubeconfig) {
        try {
            List<String> out = new ArrayList<>();
            String current = null;
            for (Path f : kubeconfigFiles(kubeconfig)) {
                io.fabric8.kubernetes.api.model.Config c = KubeConfigUtils.parseConfig(f.toFile());
                if (current == null && c.getCurrentContext() != null && !c.getCurrentContext().isEmpty()) {
                    current = c.getCurrentContext();
                }
                if (c.getContexts() != null) {
                    c.getContexts().stream().map(NamedContext::getName).filter(n -> !out.contains(n)).forEach(out::add);
                }
            }
            if (current != null && out.remove(current)) {
                out.add(0, current);
            }
            return out;
        } catch (RemoteException | RuntimeException e) {
            return List.of();
        }
    }

    private static List<Path> kubeconfigFiles(Path explicit) throws RemoteException {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new RemoteException("no kubeconfig file at " + explicit + "; give --kubeconfig the path of one");
            }
            return List.of(explicit);
        }
        List<Path> found = Config.getKubeconfigFilenames().stream().filter(s -> !s.isBlank()).map(Path::of)
                .filter(Files::isRegularFile).toList();
        if (found.isEmpty()) {
            throw new RemoteException("no kubeconfig found (KUBECONFIG is " + (System.getenv("KUBECONFIG") == null ? "unset"
                    : "'" + System.getenv("KUBECONFIG") + "'") + " and " + Path.of(System.getProperty("user.home"), ".kube", "config")
                    + " does not exist); give --kubeconfig FILE");
        }
        return found;
    }

    private static String contextsHint(Set<String> names) {
        return names.isEmpty() ? "; it has no contexts at all" : "; its contexts: " + String.join(", ", names);
    }

    public String name() {
        return name;
    }

    /** The API server's address. */
    public String server() {
        return config.getMasterUrl();
    }

    /** The namespace of objects that name none (the context's, or {@code -n}). */
    public String namespace() {
        return config.getNamespace();
    }

    public List<Path> kubeconfigs() {
        return kubeconfigs;
    }

    /** A new client for this context; the caller closes it. */
    public KubernetesClient connect() {
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** "context NAME (SERVER)", for messages. */
    public String describe() {
        return "context '" + name + "' (" + server() + ")";
    }

    /**
     * Words a client failure: what we were doing, what the server or the network said, what to do next.
     *
     * @param doing a phrase such as "apply Deployment default/web"
     */
    public RemoteException failure(String doing, Throwable error) {
        String message;
        KubernetesClientException kce = find(error, KubernetesClientException.class);
        int code = kce != null ? kce.getCode() : 0;
        String said = kce != null ? statusMessage(kce) : rootMessage(error);
        if (code <= 0) {
            Throwable cause = network(error);
            if (cause instanceof SSLException) {
                message = "the TLS handshake with " + server() + " failed (" + rootMessage(cause) + ") while trying to "
                        + doing + "; check the certificate-authority of " + describe();
            } else if (cause != null) {
                message = "cannot reach the API server " + server() + " of context '" + name + "' (" + networkMessage(cause)
                        + ") to " + doing + "; is the cluster running? `kubectl --context " + name + " cluster-info` checks the same";
            } else {
                message = "cannot " + doing + " on " + describe() + ": " + said;
            }
        } else if (code == 401) {
            message = "the API server of context '" + name + "' did not accept its credentials (401 Unauthorized) to "
                    + doing + "; log in again or refresh the user of this context in the kubeconfig";
        } else if (code == 403) {
            message = "context '" + name + "' may not " + doing + " (403 Forbidden: " + said
                    + "); ask for that permission (RBAC) or use another context";
        } else if (code == 409) {
            message = "cannot " + doing + " on " + describe() + " (409 Conflict: " + said + ")"
                    + (said.contains("conflict") ? "; another field manager owns these fields: run again with --force-conflicts to take them over" : "");
        } else if (code == 422 || code == 400) {
            message = "the API server of " + describe() + " rejected the request to " + doing + " (" + code + "): " + said
                    + "; fix the object in the design";
        } else if (code == 415) {
            message = "the API server of " + describe() + " does not support server-side apply (415 Unsupported Media Type) to "
                    + doing + "; it needs Kubernetes 1.16 or newer";
        } else {
            message = "cannot " + doing + " on " + describe() + " (" + code + "): " + said;
        }
        return new RemoteException(redact(message), error);
    }

    /** Blanks every credential of the context out of a text. */
    public String redact(String text) {
        String out = text;
        for (String secret : new String[] {config.getOauthToken(), config.getPassword(), config.getAutoOAuthToken()}) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    private static String statusMessage(KubernetesClientException e) {
        Status s = e.getStatus();
        if (s == null || s.getMessage() == null || s.getMessage().isEmpty()) {
            return rootMessage(e);
        }
        StringBuilder b = new StringBuilder(s.getMessage());
        if (s.getDetails() != null && s.getDetails().getCauses() != null) {
            for (StatusCause c : s.getDetails().getCauses()) {
                if (c.getField() != null && !b.toString().contains(c.getField())) {
                    b.append("; ").append(c.getField()).append(": ").append(c.getMessage());
                }
            }
        }
        return b.toString();
    }

    /** Whether a failure is about reaching the server at all (nothing else can work then). */
    static boolean unreachable(KubernetesClientException e) {
        return e.getCode() <= 0 || e.getCode() == 401;
    }

    private static String networkMessage(Throwable cause) {
        if (cause instanceof java.nio.channels.ClosedChannelException || cause instanceof ConnectException) {
            return "connection refused or closed";
        }
        return rootMessage(cause);
    }

    private static Throwable network(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SSLException
                    || t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return t;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
    }

    @Override
    public String toString() {
        return describe();
    }
}
