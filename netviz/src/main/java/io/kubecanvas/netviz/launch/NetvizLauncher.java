package io.kubecanvas.netviz.launch;

import io.kubecanvas.emulator.backend.EmulatorBackend;
import io.kubecanvas.emulator.control.ControlPlane;
import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.netviz.EmulatorRunSession;
import io.kubecanvas.netviz.NetworkWorkbench;
import io.kubecanvas.netviz.TrafficRequest;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Opens the network workbench on a design (the seed complete.yaml when none is given), starts it on the
 * sim backend, and optionally replays a recording or sends requests. Bad arguments print one line and exit 2.
 */
public final class NetvizLauncher {
    private static String[] arguments = new String[0];

    private NetvizLauncher() {
    }

    /** Not an Application subclass itself: the JavaFX launcher refuses those when JavaFX is on the classpath. */
    public static void main(String[] args) {
        arguments = args;
        Application.launch(Window.class, args);
    }

    /** The window. */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) throws Exception {
            open(stage);
        }
    }

    static void open(Stage stage) throws Exception {
        List<Path> designs = new ArrayList<>();
        Path replay = null;
        List<TrafficRequest> sends = new ArrayList<>();
        io.kubecanvas.netviz.view.LayerMode layer = null;
        for (int i = 0; i < arguments.length; i++) {
            switch (arguments[i]) {
                case "--replay" -> replay = Path.of(need(arguments, ++i, "--replay FILE.jsonl"));
                case "--layer" -> layer = io.kubecanvas.netviz.view.LayerMode.valueOf(
                        need(arguments, ++i, "--layer physical|logical|both").toUpperCase(java.util.Locale.ROOT));
                case "--send" -> sends.add(new TrafficRequest(need(arguments, ++i, "--send FROM TO"), need(arguments, ++i, "--send FROM TO"), "http", 0));
                default -> designs.add(Path.of(arguments[i]));
            }
        }
        if (designs.isEmpty()) {
            Path seed = Path.of(System.getProperty("kubecanvas.shared", "../shared"), "examples/seed/complete.yaml");
            if (!Files.exists(seed)) {
                seed = Path.of("/work/shared/examples/seed/complete.yaml");
            }
            designs.add(seed);
        }
        DesignIO.LoadResult loaded = DesignIO.load(designs);
        if (!loaded.ok()) {
            System.err.println(loaded.errors().get(0).getMessage());
            System.exit(2);
        }
        Design design = loaded.design();
        ControlPlane cp = ControlPlane.start(design, 1);
        EmulatorRunSession session = new EmulatorRunSession(cp, backends());
        NetworkWorkbench workbench = new NetworkWorkbench(session);
        workbench.setOnRevealObject(k -> System.out.println("reveal " + k));
        if (layer != null) {
            workbench.setLayerMode(layer);
        }
        stage.setTitle("KubeCanvas network view — " + designs.get(0).getFileName());
        stage.setScene(new Scene(workbench, 1560, 960));
        stage.show();
        if (replay != null) {
            workbench.openRecording(replay);
        } else {
            workbench.start();
            // Requests go out once the cluster runs; a short pause keeps the first frames visible.
            PauseTransition later = new PauseTransition(Duration.millis(900));
            later.setOnFinished(e -> sends.forEach(workbench::send));
            later.play();
        }
    }

    /** The backends of this build: sim (in-process) and docker (offered when its module is present). */
    static Map<String, Supplier<EmulatorBackend>> backends() {
        Map<String, Supplier<EmulatorBackend>> m = new LinkedHashMap<>();
        m.put("sim", io.kubecanvas.emulator.sim.SimBackend::new);
        m.put("docker", byName("io.kubecanvas.emulator.docker.DockerBackend"));
        return m;
    }

    private static Supplier<EmulatorBackend> byName(String className) {
        try {
            Class<? extends EmulatorBackend> c = Class.forName(className).asSubclass(EmulatorBackend.class);
            var ctor = c.getConstructor();
            return () -> {
                try {
                    return ctor.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
                }
            };
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    private static String need(String[] args, int i, String usage) {
        if (i >= args.length) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        return args[i];
    }
}
