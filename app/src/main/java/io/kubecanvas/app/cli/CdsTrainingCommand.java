package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.backend.ProbeRequest;
import io.kubecanvas.emulator.backend.Protocol;
import io.kubecanvas.emulator.docker.ClusterContainers;
import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.plan.NetworkPlan;
import io.kubecanvas.emulator.plan.NodePlan;
import io.kubecanvas.emulator.plan.PodPlan;
import io.kubecanvas.emulator.run.ClusterRun;
import io.kubecanvas.emulator.sim.SimBackend;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.validate.DesignValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas cds-training SAMPLE FILE...}, hidden: the one run the launcher records its class data sharing
 * archive from (JDK 17 records one run). It loads what the short commands load: a validation of the files, then
 * the emulator's path of an {@code up}: the control plane and network plan of SAMPLE, its node scripts, a sim run
 * with a few probes, and the docker backend's container specs and requests, sent to a socket that does not exist
 * (no Docker engine is asked anything, so the training touches nothing). Before, only the validation was
 * recorded, and an up's control plane took 1.4 s of class loading in a fresh JVM.
 */
@Command(name = "cds-training", hidden = true, description = "Record the launcher's class data sharing archive (internal).")
public final class CdsTrainingCommand implements Callable<Integer> {

    /** Where the training's Docker requests go: nowhere. */
    static final String NO_ENGINE = "unix:///nonexistent/kubecanvas-cds-training.sock";

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "the sample design (run on the sim), then manifests to validate")
    List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() {
        new DesignValidator().validate(DesignIO.load(paths));
        DesignIO.LoadResult sample = DesignIO.load(paths.get(0));
        if (!sample.ok()) {
            throw new IllegalArgumentException(paths.get(0) + " does not load: " + sample.errors().get(0).getMessage());
        }
        NetworkPlan plan;
        try (ClusterRun run = ClusterRun.start(sample.design(), new SimBackend(1))) {
            plan = run.plan();
            List<PodPlan> pods = plan.pods().stream().filter(PodPlan::running).toList();
            List<ProbeRequest> probes = new ArrayList<>();
            for (int i = 0; i + 1 < pods.size() && i < 4; i++) {
                probes.add(new ProbeRequest(pods.get(i).key(), pods.get(i + 1).key(), 0, Protocol.ICMP));
                probes.add(ProbeRequest.tcp(pods.get(i).key(), pods.get(i + 1).key(), 80));
            }
            run.probeAll(probes);
        }
        ClusterContainers specs = new ClusterContainers("cds-training", "kubecanvas/node:cds-training", "cds-training");
        List<io.kubecanvas.emulator.docker.ContainerSpec> all = new ArrayList<>();
        for (NodePlan n : plan.nodes()) {
            plan.render(n.name());
            all.add(specs.node(n));
        }
        ClusterContainers.DnsFiles dns = ClusterContainers.DnsFiles.of(plan);
        for (PodPlan p : plan.pods()) {
            if (p.running() && p.node() != null) {
                all.add(specs.sandbox(p, plan.dns().searchPath(p.namespace()), plan.dns().serviceIp(), false));
                all.addAll(specs.appContainers(p, plan.dns().clusterDomain(), img -> false, java.util.Set.of(), dns));
            }
        }
        try (DockerJavaEngine nowhere = new DockerJavaEngine(NO_ENGINE)) {
            for (Runnable call : List.<Runnable>of(() -> nowhere.containers(List.of("io.kubecanvas.owned=true")),
                    () -> nowhere.run(all.get(0)), () -> nowhere.exec("cds-training", List.of("true")))) {
                try {
                    call.run();
                } catch (RuntimeException expected) {
                    // no engine there: the request was built and serialized, which is what is recorded
                }
            }
        }
        return 0;
    }
}
