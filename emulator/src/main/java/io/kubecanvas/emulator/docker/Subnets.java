package io.kubecanvas.emulator.docker;

import io.kubecanvas.emulator.docker.DockerEngine.NetworkInfo;
import io.kubecanvas.model.net.Cidr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a new cluster's underlay may go: free of every Docker network on the engine and of every route of
 * the machine. The design's underlay is kept when it is free; otherwise the next free range of the same size
 * in 172.16.0.0/12, then 192.168.0.0/16, is taken, so clusters run side by side.
 */
public final class Subnets {
    /** Where replacement underlays are looked for, in order (private ranges Pods and Services do not use by default). */
    static final List<Cidr> POOLS = List.of(Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16"));

    private Subnets() {
    }

    /** Something that already holds addresses: a Docker network or a route of the machine. */
    public record Taken(Cidr cidr, String what) {
    }

    /** The design's underlay when nothing overlaps it, else the first free range of its size; null when none. */
    public static Cidr choose(Cidr wanted, List<Taken> taken, List<Cidr> avoid) {
        Cidr w = wanted.canonical();
        if (overlap(w, taken) == null && avoid.stream().noneMatch(w::overlaps)) {
            return w;
        }
        for (Cidr pool : POOLS) {
            if (w.prefix() < pool.prefix()) {
                continue;
            }
            long n = pool.subnetCount(w.prefix());
            for (long i = 0; i < n; i++) {
                Cidr c = pool.subnet(w.prefix(), i);
                if (overlap(c, taken) == null && avoid.stream().noneMatch(c::overlaps)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The first thing that overlaps {@code cidr}, or null. */
    public static Taken overlap(Cidr cidr, List<Taken> taken) {
        for (Taken t : taken) {
            if (t.cidr().overlaps(cidr)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The Docker networks' subnets and this machine's routes (but not its default route, which overlaps
     * everything). {@code exceptCluster}'s own networks are left out.
     */
    public static List<Taken> taken(DockerEngine engine, String exceptCluster) {
        List<Taken> out = new ArrayList<>();
        for (NetworkInfo n : engine.networks(List.of())) {
            if (n.subnet() == null || (exceptCluster != null && exceptCluster.equals(n.labels().get(Labels.CLUSTER)))) {
                continue;
            }
            Cidr c = Cidr.parseOrNull(n.subnet());
            if (c != null) {
                out.add(new Taken(c.canonical(), "Docker network " + n.name() + " (" + c.canonical() + ")"));
            }
        }
        out.addAll(engine.hostRoutes());
        return out;
    }

    /** The machine's routes from {@code /proc/net/route} (absent elsewhere than Linux: none). */
    static List<Taken> routes(Path file) {
        List<Taken> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return out;
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            int dst = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
            int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
            int prefix = Integer.bitCount(mask);
            if (prefix == 0) {
                continue;
            }
            Cidr c = new Cidr(dst, prefix).canonical();
            out.add(new Taken(c, "the route to " + c + " via " + f[0] + " on this machine"));
        }
        return out;
    }
}
