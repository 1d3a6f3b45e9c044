package io.kubecanvas.emulator.control;

import io.kubecanvas.emulator.state.ClusterState;

import java.util.List;

/** The endpoints of one Service (one EndpointSlice per Service is enough for the emulator's sizes). */
public record EndpointSliceObject(String namespace, String service, List<ClusterState.Endpoint> endpoints) {

    public EndpointSliceObject {
        endpoints = List.copyOf(endpoints);
    }
}
