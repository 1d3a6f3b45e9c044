package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.docker.DockerBackend;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.emulator.state.ClusterState;
import picocli.CommandLine;

/**
 * The backend a probe or matrix command runs on, with the state applied: sim; docker one-shot (a cluster made
 * for this command and removed when it is closed); or docker attached to a running cluster ({@code --cluster}).
 */
final class BackendChoice {
    private BackendChoice() {
    }

    static EmulatorBackend open(String backend, String cluster, ClusterState state, CommandLine.Model.CommandSpec spec) {
        if (!"docker".equals(backend)) {
            if (cluster != null) {
                throw new IllegalArgumentException("--cluster needs --backend docker");
            }
            return new SimBackend().apply(state);
        }
        DockerJavaEngine engine = DockerJavaEngine.connect();
        java.io.PrintWriter err = spec.commandLine().getErr();
        DockerBackend b = cluster != null ? DockerBackend.attach(engine, cluster, err::println)
                : DockerBackend.create(engine, "kc-oneshot-" + ProcessHandle.current().pid(), err::println);
        try {
            b.apply(state, NetworkPlan.compute(state));
        } catch (RuntimeException e) {
            b.close();
            engine.close();
            throw e;
        }
        return new EmulatorBackend() {
            @Override
            public String name() {
                return b.name();
            }

            @Override
            public void apply(ClusterState s, NetworkPlan p) {
                b.apply(s, p);
            }

            @Override
            public io.kubecanvas.emulator.backend.ProbeResult probe(io.kubecanvas.emulator.backend.ProbeRequest r) {
                return b.probe(r);
            }

            @Override
            public io.kubecanvas.emulator.backend.ProbeResult probe(io.kubecanvas.emulator.backend.ProbeRequest r, boolean hops) {
                return b.probe(r, hops);
            }

            @Override
            public Subscription subscribe(java.util.function.Consumer<io.kubecanvas.emulator.packet.PacketEvent> l) {
                return b.subscribe(l);
            }

            @Override
            public void close() {
                try {
                    b.close();
                } finally {
                    engine.close();
                }
            }
        };
    }
}
