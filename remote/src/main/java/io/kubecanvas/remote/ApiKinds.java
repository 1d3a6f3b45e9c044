package io.kubecanvas.remote;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a kind lives in the API (group, version, plural, namespaced). Kinds fabric8 knows come from its
 * model classes, without a request; any other kind (a custom resource) from the server's discovery.
 */
final class ApiKinds {
    private final KubernetesClient client;
    private final Map<String, ResourceDefinitionContext> known = new HashMap<>();

    ApiKinds(KubernetesClient client) {
        this.client = client;
    }

    /** The resource of {@code apiVersion}/{@code kind}, or null when the server does not serve it. */
    ResourceDefinitionContext resolve(String apiVersion, String kind) {
        String key = apiVersion + "/" + kind;
        ResourceDefinitionContext c = known.get(key);
        if (c != null) {
            return c;
        }
        Class<? extends KubernetesResource> type = client.getKubernetesSerialization().getRegisteredKubernetesResource(apiVersion, kind);
        if (type != null && io.fabric8.kubernetes.api.model.HasMetadata.class.isAssignableFrom(type)) {
            c = ResourceDefinitionContext.fromResourceType(type);
        } else {
            APIResourceList list = client.getApiResources(apiVersion);
            if (list == null || list.getResources() == null) {
                return null;
            }
            for (APIResource r : list.getResources()) {
                if (kind.equals(r.getKind()) && !r.getName().contains("/")) {
                    int slash = apiVersion.indexOf('/');
                    c = new ResourceDefinitionContext.Builder()
                            .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                            .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
                            .withKind(kind).withPlural(r.getName()).withNamespaced(Boolean.TRUE.equals(r.getNamespaced()))
                            .build();
                    break;
                }
            }
            if (c == null) {
                return null;
            }
        }
        known.put(key, c);
        return c;
    }
}
