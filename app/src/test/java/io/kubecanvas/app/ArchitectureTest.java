package io.kubecanvas.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The layering of docs/architecture.md, checked on the bytecode of every module (fully qualified names and
 * lambdas included, which a grep of import lines misses): model knows no JavaFX, Docker or emulator; the
 * emulator no JavaFX; the views no Docker; the backends only the plan, the packet events and the backend
 * interface; one place derives a plan; nothing but the command line writes to standard output or error.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kubecanvas");
    }

    @Test
    void modulesDependOneWay() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("io.kubecanvas.model..")
                .layer("emulator").definedBy("io.kubecanvas.emulator..")
                .layer("netviz").definedBy("io.kubecanvas.netviz..")
                .layer("yaml-editor").definedBy("io.kubecanvas.yamleditor..")
                .layer("remote").definedBy("io.kubecanvas.remote..")
                .layer("apiserver").definedBy("io.kubecanvas.apiserver..")
                .layer("lessons").definedBy("io.kubecanvas.lessons..")
                .layer("app").definedBy("io.kubecanvas.app..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("netviz").mayOnlyBeAccessedByLayers("app")
                .whereLayer("yaml-editor").mayOnlyBeAccessedByLayers("app")
                .whereLayer("remote").mayOnlyBeAccessedByLayers("app")
                .whereLayer("apiserver").mayOnlyBeAccessedByLayers("app")
                .whereLayer("lessons").mayOnlyBeAccessedByLayers("app")
                .whereLayer("emulator").mayOnlyBeAccessedByLayers("netviz", "apiserver", "lessons", "app")
                .whereLayer("model").mayOnlyBeAccessedByLayers("emulator", "netviz", "yaml-editor", "remote", "apiserver", "lessons", "app");
        rule.check(classes);
    }

    @Test
    void theModelKnowsNoJavaFxNorDocker() {
        noClasses().that().resideInAPackage("io.kubecanvas.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.fxmisc..", "com.github.dockerjava..")
                .check(classes);
    }

    @Test
    void theRemoteClientKnowsNoJavaFxNorDockerNorTheEmulator() {
        noClasses().that().resideInAPackage("io.kubecanvas.remote..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.fxmisc..", "com.github.dockerjava..",
                        "io.kubecanvas.emulator..")
                .because("real clusters are reached through the design alone")
                .check(classes);
    }

    @Test
    void theApiServerKnowsNoJavaFx() {
        noClasses().that().resideInAPackage("io.kubecanvas.apiserver..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.fxmisc..")
                .check(classes);
    }

    @Test
    void lessonsKnowNoJavaFxNorDocker() {
        noClasses().that().resideInAPackage("io.kubecanvas.lessons..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.fxmisc..", "com.github.dockerjava..",
                        "io.kubecanvas.emulator.docker..")
                .because("lessons and grading run on the sim with nothing installed")
                .check(classes);
    }

    @Test
    void theEmulatorKnowsNoJavaFx() {
        noClasses().that().resideInAPackage("io.kubecanvas.emulator..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.fxmisc..")
                .check(classes);
    }

    @Test
    void viewsKnowNoDocker() {
        noClasses().that().resideInAnyPackage("io.kubecanvas.netviz.view..", "io.kubecanvas.netviz.panel..",
                        "io.kubecanvas.app.ui.canvas..", "io.kubecanvas.app.ui.inspector..")
                .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "io.kubecanvas.emulator.docker..")
                .check(classes);
    }

    @Test
    void theBackendsSeeOnlyThePlanThePacketsAndTheBackendInterface() {
        for (String backend : new String[]{"sim", "docker"}) {
            noClasses().that().resideInAPackage("io.kubecanvas.emulator." + backend + "..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.kubecanvas.emulator.state..",
                            "io.kubecanvas.emulator.control..", "io.kubecanvas.emulator.run..", "io.kubecanvas.emulator.bench..",
                            "io.kubecanvas.emulator.explain..", "io.kubecanvas.emulator." + (backend.equals("sim") ? "docker" : "sim") + "..")
                    .because("a backend's only input is the network plan")
                    .check(classes);
        }
        noClasses().that().resideInAPackage("io.kubecanvas.emulator.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kubecanvas.emulator.state..", "io.kubecanvas.emulator.control..",
                        "io.kubecanvas.emulator.sim..", "io.kubecanvas.emulator.docker..")
                .check(classes);
    }

    @Test
    void onlyTheOrchestratorDerivesAPlan() {
        noClasses().that().resideOutsideOfPackages("io.kubecanvas.emulator.plan..", "io.kubecanvas.emulator.run..")
                .should().callMethod("io.kubecanvas.emulator.plan.NetworkPlan", "compute", "io.kubecanvas.emulator.state.ClusterState")
                .because("every plan comes from ClusterRun.plan, so nothing re-derives it")
                .check(classes);
    }

    @Test
    void onlyTheCommandLineWritesToStandardOutputAndError() {
        DescribedPredicate<JavaAccess<?>> standardStreams = new DescribedPredicate<>("access System.out or System.err") {
            @Override
            public boolean test(JavaAccess<?> a) {
                String name = a.getName();
                boolean outOrErr = a.getTargetOwner().isEquivalentTo(System.class) && (name.equals("out") || name.equals("err"));
                String method = a.getOrigin().getName();
                // program entry points (main and its lambdas) are command lines of their own
                return outOrErr && !method.equals("main") && !method.startsWith("lambda$main$");
            }
        };
        // the command lines: kubecanvas's (app.cli), the standalone netviz launcher's, the pictures command
        // (kubecanvas --pictures DIR) and the app's launcher saying why a --lesson/--challenge argument is refused
        noClasses().that().resideOutsideOfPackages("io.kubecanvas.app.cli..", "io.kubecanvas.netviz.launch..",
                        "io.kubecanvas.app.ui.pictures..")
                .and().doNotHaveFullyQualifiedName("io.kubecanvas.app.ui.KubeCanvasApp")
                .should().accessTargetWhere(standardStreams)
                .because("the command line owns standard output; everything else logs or returns text")
                .check(classes);
    }
}
