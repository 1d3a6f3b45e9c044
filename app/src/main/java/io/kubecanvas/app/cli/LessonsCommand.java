package io.kubecanvas.app.cli;

import io.kubecanvas.lessons.Catalog;
import io.kubecanvas.lessons.Challenge;
import io.kubecanvas.lessons.Lesson;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code kubecanvas lessons}: the shipped lessons and challenges by id. */
@Command(name = "lessons", mixinStandardHelpOptions = true,
        description = {"List the shipped lessons and challenges by id (grade with --challenge ID)."})
public final class LessonsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Catalog catalog = Catalog.shipped();
        out.println("lessons (open them in the app: Learn menu):");
        for (Lesson l : catalog.lessons()) {
            out.printf("  %-24s %s (%d steps)%n", l.id(), l.title(), l.steps().size());
        }
        out.println("challenges (kubecanvas grade DESIGN --challenge ID):");
        for (Challenge c : catalog.challenges()) {
            out.printf("  %-24s %s (%d assertions)%n", c.id(), c.title(), c.assertions().size());
        }
        out.flush();
        return 0;
    }
}
