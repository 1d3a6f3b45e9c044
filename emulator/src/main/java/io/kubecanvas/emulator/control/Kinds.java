package io.kubecanvas.emulator.control;

import io.kubecanvas.model.ObjectKey;

/** The kinds the emulated API server stores, and their keys. */
final class Kinds {
    static final String NODE = "Node";
    static final String NAMESPACE = "Namespace";
    static final String DEPLOYMENT = "Deployment";
    static final String REPLICA_SET = "ReplicaSet";
    static final String DAEMON_SET = "DaemonSet";
    static final String STATEFUL_SET = "StatefulSet";
    static final String POD = "Pod";
    static final String SERVICE = "Service";
    static final String ENDPOINT_SLICE = "EndpointSlice";
    static final String NETWORK_POLICY = "NetworkPolicy";
    static final String INGRESS = "Ingress";
    static final String SECRET = "Secret";
    /** ConfigMaps, for the kubelet's container environments. */
    static final String CONFIG_MAP = "ConfigMap";
    /** Endpoints written in the design (the emulator's own endpoints are EndpointSlices). */
    static final String ENDPOINTS = "Endpoints";
    /** EndpointSlices written in the design, kept apart from the ones the EndpointSlice controller writes. */
    static final String CUSTOM_ENDPOINT_SLICE = "CustomEndpointSlice";
    static final String INGRESS_CLASS = "IngressClass";

    private Kinds() {
    }

    static ObjectKey key(String kind, String namespace, String name) {
        return new ObjectKey(kind, namespace == null ? "" : namespace, name);
    }

    static ObjectKey node(String name) {
        return key(NODE, "", name);
    }

    static ObjectKey pod(String namespace, String name) {
        return key(POD, namespace, name);
    }
}
