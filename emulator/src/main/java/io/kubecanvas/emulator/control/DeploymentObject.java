package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * A Deployment: its selector, Pod template (with the template's hash, the suffix of its ReplicaSet's
 * name), desired replicas (the design's, or as last scaled) and update strategy.
 *
 * @param strategy       RollingUpdate or Recreate
 * @param maxSurge       as written (a number or a percentage), RollingUpdate only
 * @param maxUnavailable as written (a number or a percentage), RollingUpdate only
 */
public record DeploymentObject(String namespace, String name, LabelSelector selector, PodTemplateSpec template,
                               String templateHash, int replicas, String strategy, String maxSurge,
                               String maxUnavailable) {

    public static final String ROLLING_UPDATE = "RollingUpdate";
    public static final String RECREATE = "Recreate";

    DeploymentObject withReplicas(int n) {
        return new DeploymentObject(namespace, name, selector, template, templateHash, n, strategy, maxSurge,
                maxUnavailable);
    }

    String replicaSetName() {
        return name + "-" + templateHash;
    }

    /** maxSurge in Pods: a percentage of the replicas rounded up (default 25%). */
    int surge() {
        return scaled(maxSurge, true);
    }

    /** maxUnavailable in Pods: a percentage rounded down (default 25%); at least 1 when the surge is 0. */
    int unavailable() {
        int u = scaled(maxUnavailable, false);
        return u == 0 && surge() == 0 ? 1 : u;
    }

    private int scaled(String value, boolean roundUp) {
        String v = value == null || value.isBlank() ? "25%" : value.strip();
        if (v.endsWith("%")) {
            double pct;
            try {
                pct = Double.parseDouble(v.substring(0, v.length() - 1)) / 100.0;
            } catch (NumberFormatException e) {
                pct = 0.25;
            }
            double n = pct * replicas;
            return (int) (roundUp ? Math.ceil(n) : Math.floor(n));
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return roundUp ? (int) Math.ceil(0.25 * replicas) : (int) Math.floor(0.25 * replicas);
        }
    }
}
