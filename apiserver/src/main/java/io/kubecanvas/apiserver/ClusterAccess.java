package io.kubecanvas.apiserver;

import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.model.Design;

import java.time.Instant;

/**
 * What the API server needs of a running cluster: the design (the source of truth for the objects users
 * write), a way to change it, the control plane (for what controllers made: Pods, ReplicaSets,
 * EndpointSlices, Nodes, Events) and the Pods' runtime (exec, logs, port-forward). The CLI's
 * {@link EmulatedCluster} is one; the app provides another over its open document.
 */
public interface ClusterAccess {

    /** The cluster's name ({@code kubecanvas-NAME} is its kubeconfig context). */
    String name();

    /** "sim" or "docker". */
    String backend();

    /** The current design. */
    Design design();

    /**
     * Applies a change made through the API. When this returns, {@link #design()} includes it; the control
     * plane follows (at once in the CLI, within moments in the app).
     */
    void change(DesignChange change);

    ControlPlane controlPlane();

    PodRuntime pods();

    /** When the cluster started: virtual time 0 of the control plane's clock. */
    Instant startedAt();

    /** Calls {@code listener} after the design or the control plane changed; returns a handle that removes it. */
    Runnable onChange(Runnable listener);
}
