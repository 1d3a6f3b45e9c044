package io.kubecanvas.app.cli;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignDocument;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.export.CniConfig;
import io.kubecanvas.model.export.ExportException;
import io.kubecanvas.model.export.ExportFormat;
import io.kubecanvas.model.export.ExportPlan;
import io.kubecanvas.model.export.Exporter;
import io.kubecanvas.model.yaml.YamlDocument;
import io.kubecanvas.model.yaml.YamlException;
import io.kubecanvas.model.yaml.YamlReader;
import io.kubecanvas.model.yaml.YamlWarning;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kubecanvas export FILE|DIR... --format yaml|split|helm|kustomize|cni -o OUT [--force]}.
 * Nothing is written when any input cannot be read: each error is printed as {@code file:line:col: error:
 * message} and the exit code is 1.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export manifests or a design file for kubectl, Helm, kustomize or CNI.",
                "  yaml       one multi-document file (OUT is a file)",
                "  split      OUT/<namespace>/<kind>-<name>.yaml",
                "  helm       a chart: images, replicas, Service types and ports in values.yaml",
                "  kustomize  OUT/kustomization.yaml and one file per object",
                "  cni        the bridge + host-local CNI config, cluster-wide and per node"})
public final class ExportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Manifests, design files or folders of them;"
            + " a CNI config (.conf, .conflist) sets the Pod network.")
    List<Path> inputs;

    @Option(names = {"-f", "--format"}, required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "yaml, split, helm, kustomize or cni.")
    ExportFormat format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The file or folder to write.")
    Path output;

    @Option(names = "--force", description = "Write into a non-empty folder that is not an earlier export "
            + "(files of the same name are replaced, none deleted), or replace an existing file.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class FormatConverter implements CommandLine.ITypeConverter<ExportFormat> {
        @Override
        public ExportFormat convert(String value) {
            try {
                return ExportFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<YamlException> errors = new ArrayList<>();
        List<DesignDocument> documents = new ArrayList<>();
        String cniConfig = null;
        Path cniFile = null;
        for (Path file : DesignIO.expand(inputs, errors)) {
            if (CniConfig.isConfigFile(file)) {
                // A CNI config given as input sets the design's Pod network (its subnet becomes the cluster CIDR).
                try {
                    cniConfig = Files.readString(file);
                    cniFile = file;
                } catch (IOException e) {
                    errors.add(new YamlException(new SourcePosition(file.toString(), 1, 1), "cannot read the file; check its permissions"));
                }
                continue;
            }
            try {
                List<YamlDocument> read = YamlReader.read(file);
                for (YamlDocument d : read) {
                    for (YamlWarning w : d.warnings()) {
                        err.println(w.describe());
                    }
                }
                documents.addAll(DesignIO.documents(read));
            } catch (YamlException e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            errors.forEach(e -> err.println(e.describe()));
            err.println("kubecanvas export: nothing written; fix the input above and run again");
            return 1;
        }
        Design design = Design.of(documents);
        if (cniConfig != null) {
            try {
                design = design.withCluster(design.cluster().withNetwork(CniConfig.importInto(design.cluster().network(), cniConfig)));
            } catch (IllegalArgumentException e) {
                err.println(cniFile + ":1:1: error: " + e.getMessage());
                err.println("kubecanvas export: nothing written; fix the input above and run again");
                return 1;
            }
        }
        try {
            ExportPlan plan = Exporter.export(design, format, output, force);
            plan.notes().forEach(n -> err.println((n.equals(Exporter.NOTHING_TO_EXPORT) ? "warning: " : "note: ") + n));
            int files = (int) plan.files().keySet().stream().filter(f -> !f.equals(Exporter.MARKER)).count();
            String what = format == ExportFormat.CNI
                    ? "the CNI config of cluster " + design.cluster().name() + " (" + design.cluster().nodes().size() + " nodes)"
                    : design.objects().size() + " object(s)";
            out.println("exported " + what + " as " + format.id() + " to " + output
                    + (format.writesFolder() ? " (" + files + " files)" : ""));
            return 0;
        } catch (ExportException e) {
            err.println("kubecanvas export: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : String.valueOf(e.getMessage());
            err.println("kubecanvas export: cannot write " + output + " (" + why + "); choose another place for -o");
            return 1;
        }
    }
}
