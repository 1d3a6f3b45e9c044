package io.kubecanvas.apiserver;

import java.util.List;

/**
 * One resource the server serves, as discovery lists it: {@code deployments} in {@code apps/v1} of kind
 * Deployment, namespaced, with its short names, categories and subresources.
 *
 * @param group        "" for the core group
 * @param subresources {@code status}, {@code scale}, {@code log}, {@code exec}, {@code portforward}, ...
 */
public record ResourceType(String group, String version, String plural, String singular, String kind,
                           boolean namespaced, List<String> shortNames, List<String> categories, List<String> verbs,
                           List<String> subresources) {

    public static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        verbs = List.copyOf(verbs);
        subresources = List.copyOf(subresources);
    }

    /** {@code v1} or {@code apps/v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code /api/v1} or {@code /apis/apps/v1}. */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** {@code deployments.apps} (the name kubectl uses in messages), or {@code pods}. */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** {@code Deployment.apps} (as the API server names a kind in messages), or {@code Pod}. */
    public String qualifiedKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    public boolean has(String subresource) {
        return subresources.contains(subresource);
    }

    public boolean can(String verb) {
        return verbs.contains(verb);
    }

    /** Identity is group, version and resource (maps keyed by resource hash it often). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceType t && t.plural.equals(plural) && t.group.equals(group) && t.version.equals(version);
    }

    @Override
    public int hashCode() {
        return (group.hashCode() * 31 + version.hashCode()) * 31 + plural.hashCode();
    }

    @Override
    public String toString() {
        return apiVersion() + "/" + plural;
    }
}
