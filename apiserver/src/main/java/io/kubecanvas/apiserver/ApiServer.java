package io.kubecanvas.apiserver;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Kubernetes API server for one running cluster, on {@code https://127.0.0.1:PORT} only: TLS with the
 * cluster's own certificate, a bearer token or a client certificate of its CA on every request. Jetty
 * serves HTTP/1.1 and the WebSocket streams; {@link ApiHandler} does the rest.
 *
 * <p>The served objects follow the cluster: every change of the design or the control plane is rendered
 * again (at most every 20 ms when changes come in bursts), and writes refresh before they answer.
 */
public final class ApiServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final ServedObjects served;
    private final ClusterAccess cluster;
    private final Runnable unlisten;
    private final ExecutorService workers;
    private final ScheduledExecutorService refresher;
    private final java.util.concurrent.atomic.AtomicBoolean pending = new java.util.concurrent.atomic.AtomicBoolean();

    private ApiServer(ClusterAccess cluster, Credentials credentials, int port) throws Exception {
        this.cluster = cluster;
        ServerMetadata metadata = new ServerMetadata();
        served = new ServedObjects(metadata);
        served.refresh(cluster);
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kubecanvas-api-stream");
            t.setDaemon(true);
            return t;
        });
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubecanvas-api-refresh");
            t.setDaemon(true);
            return t;
        });
        QueuedThreadPool threads = new QueuedThreadPool(200, 4, 60_000);
        threads.setName("kubecanvas-api");
        threads.setDaemon(true);
        server = new Server(threads);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        char[] password = randomPassword();
        ssl.setKeyStore(credentials.serverKeyStore(password));
        ssl.setKeyStorePassword(new String(password));
        ssl.setTrustStore(credentials.trustStore());
        ssl.setWantClientAuth(true);
        ssl.setSniRequired(false);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
        http.addCustomizer(secure);
        connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1"); // never beyond loopback
        connector.setPort(port);
        connector.setIdleTimeout(Duration.ofHours(1).toMillis()); // watches and exec sessions stay open
        server.addConnector(connector);
        Writes writes = new Writes(cluster, served, metadata);
        PodStreams streams = new PodStreams(served, cluster.pods(), workers);
        ApiHandler handler = new ApiHandler(cluster, credentials, served, writes, streams);
        server.setHandler(handler);
        ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(server);
        ws.setIdleTimeout(Duration.ofHours(1));
        ws.setMaxBinaryMessageSize(16 * 1024 * 1024);
        streams.container(ws);
        server.start();
        handler.serverAddress("127.0.0.1:" + connector.getLocalPort());
        unlisten = cluster.onChange(this::changed);
    }

    /**
     * Starts serving {@code cluster} on 127.0.0.1:{@code port} (0 picks a free port).
     *
     * @throws IllegalStateException when the port cannot be bound, with the reason
     */
    public static ApiServer start(ClusterAccess cluster, Credentials credentials, int port) {
        try {
            return new ApiServer(cluster, credentials, port);
        } catch (Exception e) {
            throw new IllegalStateException("the API server could not start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    private static char[] randomPassword() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b).toCharArray();
    }

    /** A burst of changes (a rollout settles in several steps) renders once, 20 ms after the first. */
    private void changed() {
        if (served.writeInProgress()) {
            return; // the write renders when it is done
        }
        if (pending.compareAndSet(false, true)) {
            refresher.schedule(() -> {
                pending.set(false);
                try {
                    served.refresh(cluster);
                } catch (RuntimeException e) {
                    java.util.logging.Logger.getLogger(ApiServer.class.getName()).log(java.util.logging.Level.WARNING,
                            "the API server could not render the cluster", e);
                }
            }, 20, TimeUnit.MILLISECONDS);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code https://127.0.0.1:PORT}. */
    public String url() {
        return "https://127.0.0.1:" + port();
    }

    public ClusterAccess cluster() {
        return cluster;
    }

    /** The served objects' current resource version (for tests and benchmarks). */
    public long resourceVersion() {
        return served.snapshot().revision();
    }

    @Override
    public void close() {
        unlisten.run();
        try {
            server.stop();
        } catch (Exception e) {
            // stopping a server that failed half-way: nothing more to do
        }
        refresher.shutdownNow();
        workers.shutdownNow();
    }
}
