package io.kubecanvas.app.ui.files;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.yaml.YamlException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The sample designs shipped with the app: the article's examples and two richer ones. */
public final class Samples {
    /** File name to menu title, in menu order. */
    public static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        ALL.put("complete.yaml", "The article's complete example (Deployment, Service, Ingress)");
        ALL.put("pod.yaml", "One nginx Pod");
        ALL.put("service-nodeport.yaml", "A NodePort Service");
        ALL.put("ingress.yaml", "An Ingress for myapp.example.com");
        ALL.put("three-tier.yaml", "Three tiers with NetworkPolicies");
        ALL.put("multi-host-ingress.yaml", "Several hosts behind one Ingress with TLS");
    }

    public static final String DEFAULT = "complete.yaml";

    private Samples() {
    }

    public static String text(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/io/kubecanvas/app/ui/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no such sample: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Design load(String name) {
        try {
            return DesignIO.parse(name, text(name));
        } catch (YamlException e) {
            throw new IllegalStateException("sample " + name + " does not parse: " + e.describe());
        }
    }
}
