package io.kubecanvas.apiserver;

import io.kubecanvas.model.DesignIO;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;

/**
 * The article's complete example (../shared/examples/seed/complete.yaml) on the sim, served by an {@link ApiServer}
 * on 127.0.0.1 with credentials of its own: what the API server's tests talk to, with real kubectl or plain HTTP.
 */
record ServedSeed(String name, EmulatedCluster cluster, Credentials creds, ApiServer api) implements AutoCloseable {
    static ServedSeed start(String name) {
        Path complete = Path.of(System.getProperty("kubecanvas.shared", "../../shared"), "examples/seed/complete.yaml");
        EmulatedCluster cluster = EmulatedCluster.sim(name, DesignIO.load(complete).design());
        Credentials creds = Credentials.generate(name);
        return new ServedSeed(name, cluster, creds, ApiServer.start(cluster, creds, 0));
    }

    /** A kubeconfig for the server: its CA, the bearer token. */
    String kubeconfig() {
        return Kubeconfig.render(name, api.url(), creds, false);
    }

    /** An HTTP/1.1 client that trusts the server's CA only (the token is the caller's to send). */
    HttpClient http() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(creds.trustStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public void close() {
        api.close();
        cluster.close();
    }
}
