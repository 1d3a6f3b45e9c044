package io.kubecanvas.app.cli;

import io.kubecanvas.apiserver.ServedClusters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The part of {@code ls} and {@code down} about clusters that serve a Kubernetes API (both backends, found
 * from their folders under {@code ~/.kubecanvas/clusters}): listed with their API address and process,
 * ended by signalling that process (whose shutdown removes the cluster and its kubeconfig context), and
 * cleared when the process is already gone.
 */
final class ServedClusterCommands {
    private ServedClusterCommands() {
    }

    /** Prints the served clusters (and clears the folders of dead ones); returns how many were listed. */
    static int list(PrintWriter out) {
        List<ServedClusters.Entry> all = ServedClusters.list();
        if (all.isEmpty()) {
            return 0;
        }
        out.printf("%-20s %-8s %-28s %s%n", "NAME", "BACKEND", "API", "OWNER");
        for (ServedClusters.Entry e : all) {
            if (e.alive()) {
                out.printf("%-20s %-8s %-28s %s%n", e.name(), e.backend(), e.url() == null ? "(starting)" : e.url(), "pid " + e.pid());
            } else {
                ServedClusters.clear(e);
                out.printf("%-20s %-8s %-28s %s%n", e.name(), e.backend(), "-", "gone (its process ended; cleared now)");
            }
        }
        return all.size();
    }

    /**
     * Ends the served cluster {@code name}: its process is asked to stop and given time to remove what it
     * made. Returns false when no such cluster is served.
     */
    static boolean stop(String name, PrintWriter out, PrintWriter err) {
        ServedClusters.Entry e = ServedClusters.find(name);
        if (e == null) {
            return false;
        }
        if (!e.alive()) {
            ServedClusters.clear(e);
            out.println("cleared cluster " + name + " (its process had already ended)");
            return true;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(e.pid());
        if (p.isPresent()) {
            p.get().destroy();
            try {
                p.get().onExit().get(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ex) {
                err.println("kubecanvas: cluster " + name + " (pid " + e.pid() + ") did not stop within 60 s; ending it");
                p.get().destroyForcibly();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        ServedClusters.Entry left = ServedClusters.find(name);
        if (left != null && !left.alive()) {
            ServedClusters.clear(left);
        }
        out.println("removed cluster " + name + " (" + e.backend() + ", API " + e.url() + ")");
        return true;
    }

    static List<String> names() {
        return ServedClusters.list().stream().map(ServedClusters.Entry::name).toList();
    }
}
