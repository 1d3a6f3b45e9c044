package io.kubecanvas.app.cli;

import io.kubecanvas.lessons.Catalog;
import io.kubecanvas.lessons.Challenge;
import io.kubecanvas.lessons.GradeReport;
import io.kubecanvas.lessons.Grader;
import io.kubecanvas.lessons.Submissions;
import io.kubecanvas.model.yaml.YamlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas grade DESIGN|DIR... --challenge FILE|ID}: runs each design on the sim and checks the challenge's
 * assertions by behaviour. Exit status 0 when every design passes, 1 when any fails, 2 usage error.
 */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grade designs against a challenge by running them on the sim backend.",
                "A DESIGN file is one design. A DIR holds submissions: each manifest file directly in it is one design,",
                "each folder in it is one design (every manifest below it, read together).",
                "Exit status: 0 every design passed, 1 some design failed, 2 usage error."})
public final class GradeCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(arity = "1..*", paramLabel = "DESIGN|DIR", description = "designs, or folders of submissions")
    List<Path> paths;

    @Option(names = "--challenge", required = true, paramLabel = "FILE|ID",
            description = "a Challenge file, or the id of a shipped challenge (kubecanvas lessons lists them)")
    String challenge;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "text|json", description = "text or json")
    Format format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Challenge c;
        try {
            c = Catalog.shipped().resolveChallenge(challenge);
        } catch (YamlException e) {
            err.println(e.describe());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("kubecanvas grade: " + e.getMessage());
            return 2;
        }
        List<Submissions.Submission> designs = Submissions.find(paths);
        if (designs.isEmpty()) {
            err.println("kubecanvas grade: no designs in " + paths + " (.yaml, .yml or .json files, or folders of them)");
            return 2;
        }
        // The first grading of a process loads and compiles the emulator (about a second, once): do it on the
        // challenge's own starting design and say so, so the figure per design is what each design costs.
        long warm = System.nanoTime();
        Grader.grade(c, c.design(), c.id());
        double warmSeconds = (System.nanoTime() - warm) / 1e9;
        List<Grader.Grade> grades = new ArrayList<>();
        for (Submissions.Submission s : designs) {
            grades.add(s.errors().isEmpty() ? Grader.grade(c, s.design(), s.name()) : Submissions.unreadable(c, s));
        }
        if (format == Format.json) {
            out.println(GradeReport.json(grades));
        } else {
            out.print(GradeReport.text(c, grades));
            long passed = grades.stream().filter(Grader.Grade::passed).count();
            double mean = grades.stream().mapToLong(Grader.Grade::nanos).average().orElse(0) / 1e9;
            double max = grades.stream().mapToLong(Grader.Grade::nanos).max().orElse(0) / 1e9;
            out.printf(Locale.ROOT, "%d of %d designs passed; grading took %.2f s per design on average, %.2f s at most "
                            + "(target < 1 s; start-up before the first, once: %.2f s), load average %.2f%n", passed,
                    grades.size(), mean, max, warmSeconds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        out.flush();
        return grades.stream().allMatch(Grader.Grade::passed) ? 0 : 1;
    }
}
