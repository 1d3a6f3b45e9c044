package io.kubecanvas.emulator.sim;

import io.kubecanvas.emulator.backend.ProbeResult.Outcome;
import io.kubecanvas.emulator.packet.PacketEvent;
import io.kubecanvas.emulator.packet.PacketEvent.Direction;
import io.kubecanvas.emulator.plan.DnsTable;
import io.kubecanvas.emulator.plan.IngressTable;
import io.kubecanvas.emulator.plan.NginxConfig;
import io.kubecanvas.model.net.Ipv4;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The processes at the ends of connections: the kernel's TCP/UDP/ICMP answers (SYN-ACK, reset, port
 * unreachable, echo reply), the servers (a Pod answering on its declared ports, the cluster DNS server,
 * the Ingress controller) and the clients that probes and the Ingress controller open.
 */
final class Sockets {
    static final long CLIENT_TIMEOUT_NS = 3_000_000_000L;
    static final long UPSTREAM_TIMEOUT_NS = 1_000_000_000L;

    private Sockets() {
    }

    /** A server on a port: gets each request (TCP data or a datagram) and answers through {@code reply}. */
    interface Listener {
        String name();

        void request(SimNetwork net, Netns ns, Packet p, Consumer<Packet.App> reply);
    }

    /** How a client connection ended. */
    record Result(Outcome outcome, String answeredBy, String reason, Packet.App response) {
    }

    /** A client's end of a connection, found by its local port. */
    abstract static class Session {
        final Netns ns;
        final int localPort;
        final int proto;
        private final Consumer<Result> done;
        boolean finished;

        Session(Netns ns, int proto, int localPort, Consumer<Result> done) {
            this.ns = ns;
            this.proto = proto;
            this.localPort = localPort;
            this.done = done;
            ns.sessions.put(Netns.sessionKey(proto, localPort), this);
        }

        abstract void onPacket(SimNetwork net, Packet p);

        boolean closed;

        /** Reports the outcome (once) and closes the socket. */
        void finish(Result r) {
            report(r);
            close();
        }

        /** Reports the outcome once; the socket may stay open to close the connection properly. */
        void report(Result r) {
            if (!finished) {
                finished = true;
                done.accept(r);
            }
        }

        void close() {
            if (!closed) {
                closed = true;
                ns.sessions.remove(Netns.sessionKey(proto, localPort));
            }
        }

        void timeoutAfter(SimNetwork net, long nanos) {
            net.timer(nanos, () -> finished, () -> finish(new Result(Outcome.TIMEOUT, null, "no answer within "
                    + nanos / 1_000_000 + " ms", null)));
        }
    }

    // ---- delivery to sockets ------------------------------------------------------------------

    static void deliver(SimNetwork net, Netns ns, Netns.Iface in, Packet p) {
        if (p.proto == Packet.ICMP) {
            if (p.icmpType == 8) {
                net.emit(ns, in.eventName, Direction.LOCAL, p, PacketEvent.Verdict.DELIVERED, "icmp echo", null, null, null);
                Packet r = reply(p);
                r.icmpType = 0;
                r.sport = p.sport; // the echo id
                r.dport = 0;
                r.seq = p.seq;
                r.length = p.length;
                net.schedule(SimNetwork.APP_NS / 4, () -> net.output(ns, r));
                return;
            }
            Session s = null;
            if (p.icmpType == 0) {
                s = ns.sessions.get(Netns.sessionKey(Packet.ICMP, p.sport));
            } else if (p.icmpType == 3 && p.embedded != null) {
                s = ns.sessions.get(Netns.sessionKey(p.embedded.proto, p.embedded.sport));
            }
            net.emit(ns, in.eventName, Direction.LOCAL, p, PacketEvent.Verdict.DELIVERED, null, null, null, null);
            if (s != null) {
                s.onPacket(net, p);
            }
            return;
        }
        Session s = ns.sessions.get(Netns.sessionKey(p.proto, p.dport));
        if (s != null) {
            net.emit(ns, in.eventName, Direction.LOCAL, p, PacketEvent.Verdict.DELIVERED, null, null, null, null);
            s.onPacket(net, p);
            return;
        }
        Listener l = (p.proto == Packet.TCP ? ns.tcp : p.proto == Packet.SCTP ? ns.sctp : ns.udp).get(p.dport);
        if (l == null) {
            String why = "nothing listens on " + p.protoName() + "/" + p.dport + " in " + ns.name;
            if (p.proto == Packet.SCTP) {
                if (p.flags.startsWith("ABORT") || p.flags.startsWith("SHUTDOWN COMPLETE")) {
                    return;
                }
                // The kernel answers an SCTP packet for a port without a socket with ABORT (RFC 9260, 8.4).
                net.emit(ns, in.eventName, Direction.LOCAL, p, PacketEvent.Verdict.REJECTED, why, null, null,
                        net.recording() ? why + ": abort, " + p.info() : null);
                Packet abort = reply(p);
                abort.flags = "ABORT";
                net.schedule(SimNetwork.APP_NS / 4, () -> net.output(ns, abort));
            } else if (p.proto == Packet.TCP) {
                if (p.flags.contains("R")) {
                    return;
                }
                net.emit(ns, in.eventName, Direction.LOCAL, p, PacketEvent.Verdict.REJECTED, why, null, null,
                        net.recording() ? why + ": reset, " + p.info() : null);
                Packet rst = reply(p);
                rst.flags = "R.";
                rst.seq = 0;
                rst.ack = p.seq + 1;
                net.schedule(SimNetwork.APP_NS / 4, () -> net.output(ns, rst));
            } else {
                net.emit(ns, in.eventName, Direction.LOCAL, p, PacketEvent.Verdict.REJECTED, why, null, null,
                        net.recording() ? why + ": port unreachable, " + p.info() : null);
                net.sendUnreachable(ns, p, 3, p.dst);
            }
            return;
        }
        net.emit(ns, in.eventName, Direction.LOCAL, p, PacketEvent.Verdict.DELIVERED, l.name(), null, null, null);
        if (p.proto == Packet.SCTP) {
            sctpServer(net, ns, l, p);
            return;
        }
        if (p.proto == Packet.TCP) {
            String conn = p.src + ":" + p.sport + ">" + p.dst + ":" + p.dport;
            if (p.flags.equals("S")) {
                ns.accepted.add(conn);
                Packet synAck = reply(p);
                synAck.flags = "S.";
                synAck.seq = 5000;
                synAck.ack = p.seq + 1;
                net.schedule(SimNetwork.APP_NS / 4, () -> net.output(ns, synAck));
                return;
            }
            if (p.app == null && ns.closing.remove(conn)) {
                return; // the last ACK of a close
            }
            if (p.flags.startsWith("F") && ns.accepted.remove(conn)) {
                // The client closes: acknowledge and close our side too (FIN, ACK).
                ns.closing.add(conn);
                Packet fin = reply(p);
                fin.flags = "F.";
                fin.seq = p.ack;
                fin.ack = p.seq + 1;
                net.schedule(SimNetwork.APP_NS / 4, () -> net.output(ns, fin));
                return;
            }
            if (!ns.accepted.contains(conn)) {
                // A segment of a connection this socket never accepted (it went elsewhere): reset.
                Packet rst = reply(p);
                rst.flags = "R.";
                rst.seq = p.ack;
                net.schedule(SimNetwork.APP_NS / 4, () -> net.output(ns, rst));
                return;
            }
            if (p.app == null) {
                return; // a bare ACK completes the handshake
            }
            l.request(net, ns, p, app -> {
                Packet resp = reply(p);
                resp.flags = "P.";
                resp.seq = 5001;
                resp.ack = p.seq + p.length;
                resp.app = app;
                resp.length = 120;
                net.schedule(SimNetwork.APP_NS, () -> net.output(ns, resp));
            });
            return;
        }
        l.request(net, ns, p, app -> {
            Packet resp = reply(p);
            resp.app = app;
            resp.length = 64;
            net.schedule(SimNetwork.APP_NS, () -> net.output(ns, resp));
        });
    }

    /**
     * A listening SCTP socket's side of an association: INIT is answered with INIT ACK, COOKIE ECHO with
     * COOKIE ACK, a DATA chunk with the server's answer (DATA, its SACK bundled), SHUTDOWN with SHUTDOWN ACK.
     */
    private static void sctpServer(SimNetwork net, Netns ns, Listener l, Packet p) {
        String answer = p.flags.equals("INIT") ? "INIT ACK" : p.flags.equals("COOKIE ECHO") ? "COOKIE ACK"
                : p.flags.endsWith("SHUTDOWN") ? "SHUTDOWN ACK" : null;
        if (answer != null) {
            Packet r = reply(p);
            r.flags = answer;
            net.schedule(SimNetwork.APP_NS / 4, () -> net.output(ns, r));
            return;
        }
        if (p.flags.startsWith("DATA") && p.app != null) {
            l.request(net, ns, p, app -> {
                Packet resp = reply(p);
                resp.flags = "SACK, DATA";
                resp.app = app;
                resp.length = 120;
                net.schedule(SimNetwork.APP_NS, () -> net.output(ns, resp));
            });
        }
    }

    /** The packet answering {@code p}: addresses and ports swapped. */
    static Packet reply(Packet p) {
        Packet r = new Packet();
        r.proto = p.proto;
        r.src = p.dst;
        r.dst = p.src;
        r.sport = p.dport;
        r.dport = p.sport;
        return r;
    }

    /** A locally generated packet found no route: the sending client learns at once (EHOSTUNREACH). */
    static void unreachable(SimNetwork net, Netns ns, Packet p, String why) {
        Session s = ns.sessions.get(Netns.sessionKey(p.proto, p.sport));
        if (s != null) {
            s.finish(new Result(Outcome.DROPPED, null, why, null));
        }
    }

    // ---- servers --------------------------------------------------------------------------------

    static Listener podServer(String podKey) {
        return new Listener() {
            @Override
            public String name() {
                return podKey;
            }

            @Override
            public void request(SimNetwork net, Netns ns, Packet p, Consumer<Packet.App> reply) {
                Map<String, String> f = new LinkedHashMap<>();
                f.put("server", podKey);
                f.put("client", Ipv4.format(p.src));
                String forwarded = p.app == null ? null : p.app.fields().get("x-forwarded-for");
                if (forwarded != null) {
                    f.put("x-forwarded-for", forwarded);
                }
                if (p.proto == Packet.TCP) {
                    f.put("status", "200");
                    reply.accept(new Packet.App("http", f, "HTTP/1.1 200 OK (" + podKey + ", client " + Ipv4.format(p.src) + ")"));
                } else {
                    reply.accept(new Packet.App(p.protoName() + "-echo", f, "echo from " + podKey));
                }
            }
        };
    }

    /**
     * The API server as an anonymous client meets it: the public health and version paths answer 200
     * (the system:public-info-viewer role), everything else 403.
     */
    static Listener apiServer(String name) {
        return new Listener() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void request(SimNetwork net, Netns ns, Packet p, Consumer<Packet.App> reply) {
                String path = p.app == null ? "/" : p.app.fields().getOrDefault("path", "/");
                boolean open = List.of("/version", "/healthz", "/livez", "/readyz").contains(path);
                Map<String, String> f = new LinkedHashMap<>();
                f.put("server", name);
                f.put("status", open ? "200" : "403");
                if (!open) {
                    f.put("reason", "forbidden: User \"system:anonymous\" cannot get path \"" + path + "\"");
                }
                reply.accept(new Packet.App("http", f, open ? "HTTP/1.1 200 OK (" + name + ")"
                        : "HTTP/1.1 403 Forbidden (" + name + ")"));
            }
        };
    }

    static Listener dnsServer(DnsTable table) {
        return new Listener() {
            @Override
            public String name() {
                return "cluster DNS";
            }

            @Override
            public void request(SimNetwork net, Netns ns, Packet p, Consumer<Packet.App> reply) {
                String qname = p.app == null ? "" : p.app.fields().getOrDefault("qname", "");
                DnsTable.Answer answer = table.resolve(qname);
                List<String> answers = answer.addresses();
                Map<String, String> f = new LinkedHashMap<>();
                f.put("server", "cluster DNS");
                f.put("qname", qname);
                f.put("rcode", answer.nxdomain() ? "NXDOMAIN" : "NOERROR");
                f.put("answers", String.join(",", answers));
                if (!answer.cnames().isEmpty()) {
                    f.put("cname", String.join(",", answer.cnames()));
                }
                List<String> rrs = new java.util.ArrayList<>();
                answer.cnames().forEach(c -> rrs.add("CNAME " + c + "."));
                answers.forEach(a -> rrs.add("A " + a));
                reply.accept(new Packet.App("dns", f, answer.nxdomain() ? "NXDomain " + qname + "."
                        : rrs.size() + "/0/0 " + String.join(", ", rrs)));
            }
        };
    }

    static Listener ingressController(IngressTable table) {
        return new Listener() {
            /** Requests sent per upstream so far: nginx's round robin (equal weights: each endpoint in turn). */
            private final Map<String, Integer> turns = new java.util.HashMap<>();

            @Override
            public String name() {
                return "ingress controller";
            }

            @Override
            public void request(SimNetwork net, Netns ns, Packet p, Consumer<Packet.App> reply) {
                Map<String, String> req = p.app == null ? Map.of() : p.app.fields();
                String host = req.getOrDefault("host", "");
                String path = req.getOrDefault("path", "/");
                String controller = "ingress-controller@" + ns.name;
                if (p.dport == table.httpsPort()) {
                    IngressTable.Certificate cert = table.certificateFor(host);
                    boolean known = cert != null && cert.fromSecret();
                    String secret = cert == null ? null : cert.secret();
                    Map<String, String> tls = new LinkedHashMap<>();
                    tls.put("sni", host);
                    tls.put("certificate", known ? "secret " + secret : NginxConfig.FAKE_CERTIFICATE);
                    tls.put("terminated", "true");
                    Packet shown = p.copy();
                    shown.app = new Packet.App("tls", tls, "TLS terminated");
                    net.emit(ns, "eth0", Direction.LOCAL, shown, PacketEvent.Verdict.FORWARDED,
                            known ? "Ingress TLS " + secret : "Ingress TLS default certificate", null, null,
                            "TLS handshake SNI " + host + ", certificate " + tls.get("certificate")
                                    + "; decrypted: GET " + path + " Host " + host);
                }
                Optional<IngressTable.Route> route = table.match(host, path);
                if (route.isEmpty() || !route.get().proxied()) {
                    String status = route.isEmpty() ? "404" : "503";
                    Map<String, String> f = new LinkedHashMap<>();
                    f.put("server", controller);
                    f.put("status", status);
                    String unserved = route.isEmpty() ? table.whyNotRouted(host) : null;
                    f.put("reason", route.isEmpty() ? "no Ingress rule matches " + host + path
                            + (unserved == null ? "" : " (" + unserved + ")")
                            : "backend " + route.get().backend() + ": " + route.get().unavailable());
                    reply.accept(new Packet.App("http", f, "HTTP/1.1 " + status + " (" + controller + ")"));
                    return;
                }
                IngressTable.Route r = route.get();
                net.emit(ns, "eth0", Direction.LOCAL, p, PacketEvent.Verdict.FORWARDED, "Ingress " + r.ingress(), null, null,
                        "route " + host + path + " by " + r.ingress() + " (" + r.pathType() + " " + r.path() + ") -> "
                                + r.backend() + ", upstream " + r.upstream() + " (" + String.join(", ",
                                r.endpoints().stream().map(IngressTable.Endpoint::address).toList()) + ")");
                Map<String, String> up = new LinkedHashMap<>();
                up.put("method", "GET");
                up.put("host", host);
                up.put("path", path);
                up.put("x-real-ip", Ipv4.format(p.src));
                up.put("x-forwarded-for", Ipv4.format(p.src));
                proxy(net, ns, r, new Packet.App("http", up, "GET " + path + " HTTP/1.1 Host: " + host + ", X-Forwarded-For: "
                        + Ipv4.format(p.src)), controller, p, 1, net.now, reply);
            }

            /**
             * The controller's own connection to one endpoint (round robin over the upstream, as nginx's), from the
             * node's address; a failure or time-out tries the next endpoint while tries and the retry window last.
             */
            private void proxy(SimNetwork net, Netns ns, IngressTable.Route r, Packet.App request, String controller,
                               Packet client, int attempt, long firstNanos, Consumer<Packet.App> reply) {
                int turn = turns.merge(r.upstream(), 1, Integer::sum) - 1;
                IngressTable.Endpoint e = r.endpoints().get(turn % r.endpoints().size());
                int dst = Ipv4.parse(e.ip());
                net.emit(ns, "eth0", Direction.LOCAL, client, PacketEvent.Verdict.FORWARDED, "Ingress upstream "
                        + r.upstream(), null, null, "proxy: a second TCP connection from " + Ipv4.format(net.sourceFor(ns, dst))
                        + " to endpoint " + e.address() + " (" + e.pod() + ")" + (attempt > 1 ? ", try " + attempt : "")
                        + ", X-Forwarded-For " + request.fields().get("x-forwarded-for"));
                new TcpClient(net, ns, dst, e.port(), request, table.upstreamTimeoutMillis() * 1_000_000L, res -> {
                    Map<String, String> f = new LinkedHashMap<>();
                    if (res.outcome() == Outcome.DELIVERED && res.response() != null) {
                        f.putAll(res.response().fields());
                        f.put("via", controller + " (" + r.ingress() + ")");
                        reply.accept(new Packet.App("http", f, res.response().summary() + " via " + controller));
                        return;
                    }
                    boolean more = attempt < Math.min(IngressTable.UPSTREAM_TRIES, r.endpoints().size())
                            && net.now - firstNanos < IngressTable.UPSTREAM_RETRY_WINDOW_MILLIS * 1_000_000L;
                    if (more) {
                        proxy(net, ns, r, request, controller, client, attempt + 1, firstNanos, reply);
                        return;
                    }
                    String status = res.outcome() == Outcome.REFUSED ? "502" : "504";
                    f.put("server", controller);
                    f.put("status", status);
                    f.put("reason", "upstream " + r.backend() + " " + e.address() + ": " + res.outcome().word()
                            + (res.reason() == null ? "" : " (" + res.reason() + ")"));
                    reply.accept(new Packet.App("http", f, "HTTP/1.1 " + status + " (" + controller + ")"));
                }).start();
            }
        };
    }

    // ---- clients --------------------------------------------------------------------------------

    /** A client of a connection-oriented transport: where it connects, what it sends, how long it waits. */
    abstract static class ConnectionClient extends Session {
        final SimNetwork net;
        final int dst;
        final int port;
        final Packet.App request;
        final long timeout;
        int src;

        ConnectionClient(SimNetwork net, Netns ns, int proto, int dst, int port, Packet.App request, long timeout,
                         Consumer<Result> done) {
            super(ns, proto, ns.ephemeralPort(), done);
            this.net = net;
            this.dst = dst;
            this.port = port;
            this.request = request;
            this.timeout = timeout;
        }

        /** An ICMP error for the connection refuses it. */
        void unreachable(Packet icmp) {
            finish(new Result(Outcome.REFUSED, null, "ICMP " + (icmp.icmpCode == 3 ? "port" : "host")
                    + " unreachable from " + Ipv4.format(icmp.src), null));
        }
    }

    /** A TCP client: SYN, SYN-ACK, ACK, request, response (or reset, unreachable, time-out). */
    static final class TcpClient extends ConnectionClient {
        TcpClient(SimNetwork net, Netns ns, int dst, int port, Packet.App request, long timeout, Consumer<Result> done) {
            super(net, ns, Packet.TCP, dst, port, request, timeout, done);
        }

        void start() {
            Packet syn = new Packet();
            syn.proto = Packet.TCP;
            syn.dst = dst;
            syn.sport = localPort;
            syn.dport = port;
            syn.flags = "S";
            syn.seq = 1000;
            // The socket's address is chosen before any NAT rewrites the packet on its way out.
            src = net.sourceFor(ns, dst);
            syn.src = src;
            timeoutAfter(net, timeout);
            net.output(ns, syn);
        }

        @Override
        void onPacket(SimNetwork n, Packet p) {
            if (p.proto == Packet.ICMP) {
                unreachable(p);
                return;
            }
            if (p.flags.contains("R")) {
                finish(new Result(Outcome.REFUSED, null, "connection reset by " + Ipv4.format(p.src), null));
                return;
            }
            if (p.flags.equals("S.")) {
                Packet ack = new Packet();
                ack.proto = Packet.TCP;
                ack.src = src;
                ack.dst = p.src;
                ack.sport = localPort;
                ack.dport = p.sport;
                ack.flags = ".";
                ack.seq = 1001;
                ack.ack = p.seq + 1;
                n.output(ns, ack);
                Packet data = new Packet();
                data.proto = Packet.TCP;
                data.src = src;
                data.dst = p.src;
                data.sport = localPort;
                data.dport = p.sport;
                data.flags = "P.";
                data.seq = 1001;
                data.ack = p.seq + 1;
                data.app = request;
                data.length = 80;
                n.schedule(1_000, () -> n.output(ns, data));
                return;
            }
            if (p.flags.startsWith("F")) {
                Packet last = segment(p, ".", p.ack, p.seq + 1);
                n.output(ns, last);
                close();
                return;
            }
            if (p.app != null) {
                report(new Result(Outcome.DELIVERED, p.app.fields().get("server"), null, p.app));
                // Close as a client does after a response: FIN, the server's FIN, the last ACK.
                Packet fin = segment(p, "F.", p.ack, p.seq + p.length);
                n.schedule(1_000, () -> n.output(ns, fin));
                n.timer(UPSTREAM_TIMEOUT_NS, () -> closed, this::close);
            }
        }

        private Packet segment(Packet answer, String flags, long seq, long ack) {
            Packet s = new Packet();
            s.proto = Packet.TCP;
            s.src = src;
            s.dst = answer.src;
            s.sport = localPort;
            s.dport = answer.sport;
            s.flags = flags;
            s.seq = seq;
            s.ack = ack;
            return s;
        }
    }

    /**
     * An SCTP client: INIT, INIT ACK, COOKIE ECHO, COOKIE ACK, DATA (the request), the answer, then SACK and
     * the SHUTDOWN, SHUTDOWN ACK, SHUTDOWN COMPLETE close; an ABORT or ICMP unreachable refuses it.
     */
    static final class SctpClient extends ConnectionClient {
        SctpClient(SimNetwork net, Netns ns, int dst, int port, Packet.App request, long timeout, Consumer<Result> done) {
            super(net, ns, Packet.SCTP, dst, port, request, timeout, done);
        }

        void start() {
            src = net.sourceFor(ns, dst);
            timeoutAfter(net, timeout);
            net.output(ns, chunk("INIT", dst, port));
        }

        private Packet chunk(String type, int to, int toPort) {
            Packet c = new Packet();
            c.proto = Packet.SCTP;
            c.src = src;
            c.dst = to;
            c.sport = localPort;
            c.dport = toPort;
            c.flags = type;
            c.length = 52;
            return c;
        }

        @Override
        void onPacket(SimNetwork n, Packet p) {
            if (p.proto == Packet.ICMP) {
                unreachable(p);
                return;
            }
            switch (p.flags) {
                case "ABORT" -> finish(new Result(Outcome.REFUSED, null, "association aborted by " + Ipv4.format(p.src)
                        + " (nothing listens there)", null));
                case "INIT ACK" -> n.output(ns, chunk("COOKIE ECHO", p.src, p.sport));
                case "COOKIE ACK" -> {
                    Packet data = chunk("DATA", p.src, p.sport);
                    data.app = request;
                    data.length = 80;
                    n.output(ns, data);
                }
                case "SHUTDOWN ACK" -> {
                    n.output(ns, chunk("SHUTDOWN COMPLETE", p.src, p.sport));
                    close();
                }
                default -> {
                    if (p.app != null) {
                        report(new Result(Outcome.DELIVERED, p.app.fields().get("server"), null, p.app));
                        n.schedule(1_000, () -> n.output(ns, chunk("SACK, SHUTDOWN", p.src, p.sport)));
                        n.timer(UPSTREAM_TIMEOUT_NS, () -> closed, this::close);
                    }
                }
            }
        }
    }

    /** One datagram out, the first answer back. */
    static final class UdpClient extends Session {
        private final SimNetwork net;
        private final int dst;
        private final int port;
        private final Packet.App payload;
        private final long timeout;

        UdpClient(SimNetwork net, Netns ns, int dst, int port, Packet.App payload, long timeout, Consumer<Result> done) {
            super(ns, Packet.UDP, ns.ephemeralPort(), done);
            this.net = net;
            this.dst = dst;
            this.port = port;
            this.payload = payload;
            this.timeout = timeout;
        }

        void start() {
            Packet d = new Packet();
            d.proto = Packet.UDP;
            d.dst = dst;
            d.sport = localPort;
            d.dport = port;
            d.app = payload;
            d.length = 40;
            timeoutAfter(net, timeout);
            net.output(ns, d);
        }

        @Override
        void onPacket(SimNetwork n, Packet p) {
            if (p.proto == Packet.ICMP) {
                finish(new Result(Outcome.REFUSED, null, "ICMP port unreachable from " + Ipv4.format(p.src), null));
            } else {
                finish(new Result(Outcome.DELIVERED, p.app == null ? null : p.app.fields().get("server"), null, p.app));
            }
        }
    }

    /** ping: one echo request. */
    static final class PingClient extends Session {
        private final SimNetwork net;
        private final int dst;

        PingClient(SimNetwork net, Netns ns, int dst, Consumer<Result> done) {
            super(ns, Packet.ICMP, ns.ephemeralPort(), done);
            this.net = net;
            this.dst = dst;
        }

        void start() {
            Packet echo = new Packet();
            echo.proto = Packet.ICMP;
            echo.icmpType = 8;
            echo.dst = dst;
            echo.sport = localPort;
            echo.seq = 1;
            echo.length = 64;
            timeoutAfter(net, CLIENT_TIMEOUT_NS);
            net.output(ns, echo);
        }

        @Override
        void onPacket(SimNetwork n, Packet p) {
            if (p.icmpType == 0) {
                finish(new Result(Outcome.DELIVERED, Ipv4.format(p.src), null, null));
            } else {
                finish(new Result(Outcome.REFUSED, null, "ICMP unreachable from " + Ipv4.format(p.src), null));
            }
        }
    }
}
