package io.kubecanvas.app.cli;

import io.kubecanvas.emulator.docker.DockerJavaEngine;
import io.kubecanvas.emulator.docker.NodeImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code kubecanvas image build|status|load}: the docker backend's node image, and images for offline use. */
@Command(name = "image", description = "Build or show the docker backend's node image (kubecanvas/node); load images offline.",
        subcommands = {ImageCommand.Build.class, ImageCommand.Status.class, ImageCommand.Load.class})
public final class ImageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "build", description = "Build kubecanvas/node:<recipe hash> with mmdebstrap unless it is present.")
    static final class Build implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = "--force", description = "Build even when the image is present.")
        boolean force;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
                NodeImage image = new NodeImage(engine);
                if (image.present() && !force) {
                    out.println(image.ref() + " is present (recipe unchanged)");
                    return 0;
                }
                long t0 = System.nanoTime();
                image.build(out::println);
                out.printf("%s built in %.1f s%n", image.ref(), (System.nanoTime() - t0) / 1e9);
                return 0;
            }
        }
    }

    @Command(name = "status", description = "Show the node image reference and whether it is present.")
    static final class Status implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (DockerJavaEngine engine = DockerJavaEngine.connect()) {
                NodeImage image = new NodeImage(engine);
                out.println(image.ref() + (image.present() ? " present" : " missing (kubecanvas image build)"));
                out.println("packages: " + String.join(" ", image.packages()));
                return image.present() ? 0 : 1;
            }
        }
    }

    @Command(name = "load", description = "Load a 'docker save' archive into the engine, so Pods run those images without a registry.")
    static final class Load implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(paramLabel = "FILE.tar", description = "An archive made by 'docker save IMAGE... -o FILE.tar'.")
        java.nio.file.Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!java.nio.file.Files.isRegularFile(file)) {
                err.println("kubecanvas: " + file + ": no such file (make one with: docker save IMAGE... -o FILE.tar)");
                return 1;
            }
            try (DockerJavaEngine engine = DockerJavaEngine.connect();
                 java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
                java.util.List<String> loaded = engine.loadImages(in);
                loaded.forEach(ref -> out.println("loaded " + ref));
                if (loaded.isEmpty()) {
                    err.println("kubecanvas: " + file + " held no image");
                    return 1;
                }
                return 0;
            } catch (IllegalArgumentException e) {
                err.println("kubecanvas: " + file + " is not a docker save archive the engine accepts: " + e.getMessage());
                return 1;
            } catch (java.io.IOException e) {
                err.println("kubecanvas: cannot read " + file + ": " + e.getMessage());
                return 1;
            }
        }
    }
}
