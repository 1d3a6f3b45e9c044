package io.kubecanvas.app.cli;

import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.validate.DesignValidator;
import io.kubecanvas.model.validate.Finding;
import io.kubecanvas.model.validate.FindingsReport;
import io.kubecanvas.model.validate.Rule;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas validate FILE|DIR... [-o text|json]}: loads everything given as one design (so
 * references across files resolve), prints every finding, exits 1 when any is an error.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate and lint Kubernetes manifests and KubeCanvas designs.",
                "Files and folders are read together, so a Service in one file and its Pods in another match.",
                "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error."})
public final class ValidateCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR", description = "manifest files or folders (.yaml, .yml, .json below)")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--list-rules", description = "print every rule id with its severity, what it finds and its source "
            + "(the Kubernetes validation or docs page, the kube-score / kube-linter check), then exit")
    boolean listRules;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "text|json",
            description = "output format: text (file:line:col: severity: message [rule]) or json")
    Format format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (listRules) {
            for (Rule r : Rule.values()) {
                spec.commandLine().getOut().printf("%-34s %-8s %s%n%-34s          source: %s%n", r.id(), r.severity().label(),
                        r.summary(), "", r.source());
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (paths.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give at least one FILE or DIR to validate");
        }
        int files = DesignIO.expand(paths, new ArrayList<>()).size();
        if (files == 0 && paths.stream().allMatch(java.nio.file.Files::isDirectory)) {
            spec.commandLine().getErr().println("warning: no manifest files (.yaml, .yml, .json) in " + paths
                    + "; nothing was validated");
        }
        List<Finding> findings = new DesignValidator().validate(DesignIO.load(paths));
        var out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.print(FindingsReport.json(findings));
            spec.commandLine().getErr().println(FindingsReport.summary(findings, files));
        } else {
            out.print(FindingsReport.text(findings, files));
        }
        out.flush();
        return DesignValidator.hasErrors(findings) ? 1 : 0;
    }
}
