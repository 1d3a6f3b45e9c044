package io.kubecanvas.model.export;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What an export produces. {@link #YAML} writes one file; every other format writes a folder. */
public enum ExportFormat {
    /** One multi-document file of plain manifests (kubectl apply -f). */
    YAML("yaml"),
    /** A folder with one file per object: {@code <namespace>/<kind>-<name>.yaml}. */
    SPLIT("split"),
    /** A Helm chart: images, replicas, Service types and ports as values. */
    HELM("helm"),
    /** A kustomize base: kustomization.yaml listing one file per object. */
    KUSTOMIZE("kustomize"),
    /** The CNI network config (bridge + host-local) for the cluster and for each node. */
    CNI("cni");

    private final String id;

    ExportFormat(String id) {
        this.id = id;
    }

    /** The name used on the command line. */
    public String id() {
        return id;
    }

    public boolean writesFolder() {
        return this != YAML;
    }

    /** The format named {@code id}, or an exception whose message lists the formats. */
    public static ExportFormat parse(String id) {
        for (ExportFormat f : values()) {
            if (f.id.equalsIgnoreCase(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown export format '" + id + "'; use one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
