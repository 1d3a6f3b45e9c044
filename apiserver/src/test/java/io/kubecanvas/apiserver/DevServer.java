package io.kubecanvas.apiserver;

import io.kubecanvas.model.DesignIO;

import java.nio.file.Files;
import java.nio.file.Path;

/** For trying the server by hand: {@code DevServer DESIGN KUBECONFIG} serves the design until killed. */
final class DevServer {
    public static void main(String[] args) throws Exception {
        var design = DesignIO.load(Path.of(args[0])).design();
        EmulatedCluster c = EmulatedCluster.sim("dev", design);
        Credentials creds = Credentials.generate("dev");
        ApiServer s = ApiServer.start(c, creds, 0);
        Files.writeString(Path.of(args[1]), Kubeconfig.render("dev", s.url(), creds, false));
        c.onChange(() -> {
            try {
                Files.writeString(Path.of(args[1] + ".design.yaml"), c.design().toDesignYaml());
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        });
        System.out.println("serving " + s.url());
        Thread.sleep(Long.MAX_VALUE);
    }
}
