package io.kubecanvas.apiserver;

import org.eclipse.jetty.websocket.api.Session;

import java.util.concurrent.ExecutorService;

/** {@code kubectl port-forward} over WebSocket: SPDY/3.1 frames tunnelled in binary messages. */
public final class PortForwardTunnel implements Session.Listener.AutoDemanding {
    static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";

    private final PodRuntime runtime;
    private final PodRuntime.Pod pod;
    private final ExecutorService workers;

    PortForwardTunnel(PodRuntime runtime, PodRuntime.Pod pod, ExecutorService workers) {
        this.runtime = runtime;
        this.pod = pod;
        this.workers = workers;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        session.close(1011, "port-forward is not implemented yet", org.eclipse.jetty.websocket.api.Callback.NOOP);
    }
}
