package io.kubecanvas.lessons;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.yaml.YamlException;
import io.kubecanvas.model.yaml.YamlReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The designs a teacher hands to {@code kubecanvas grade}: a file is one design; a folder holds submissions, each
 * manifest file directly in it one design and each folder in it one design (all its manifests read together).
 * Lesson and Challenge files in a folder are not submissions and are left out; named on their own, their
 * starting design is graded.
 */
public final class Submissions {

    /** One design to grade, or why it cannot be read (each error at file:line:col). */
    public record Submission(String name, Design design, List<YamlException> errors) {
        public Submission {
            errors = List.copyOf(errors);
        }
    }

    private Submissions() {
    }

    public static List<Submission> find(List<Path> paths) {
        List<Submission> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> entries;
                try (Stream<Path> s = Files.list(p)) {
                    entries = s.filter(e -> !e.getFileName().toString().startsWith(".")).sorted().toList();
                } catch (IOException e) {
                    out.add(new Submission(p.toString(), Design.empty(), List.of(new YamlException(
                            new SourcePosition(p.toString(), 1, 1), "cannot read the folder: " + e.getMessage()))));
                    continue;
                }
                for (Path e : entries) {
                    if (Files.isDirectory(e)) {
                        DesignIO.LoadResult r = DesignIO.load(e);
                        out.add(new Submission(e.toString(), r.design(), r.errors()));
                    } else if (DesignIO.isManifestName(e) && !isTeaching(e)) {
                        out.add(file(e));
                    }
                }
            } else {
                out.add(file(p));
            }
        }
        return out;
    }

    private static Submission file(Path f) {
        if (isTeaching(f)) {
            try {
                return new Submission(f.toString(), TeachingFiles.read(f).design(), List.of());
            } catch (YamlException e) {
                return new Submission(f.toString(), Design.empty(), List.of(e));
            }
        }
        DesignIO.LoadResult r = DesignIO.load(f);
        return new Submission(f.toString(), r.design(), r.errors());
    }

    private static boolean isTeaching(Path f) {
        try {
            return Files.isRegularFile(f) && TeachingFiles.isTeaching(YamlReader.read(f));
        } catch (YamlException e) {
            return false;
        }
    }

    /** The grade of a design that could not be read: every assertion failed, with the first read error. */
    public static Grader.Grade unreadable(Challenge c, Submission s) {
        String why = s.errors().get(0).describe();
        return new Grader.Grade(s.name(), c.assertions().stream()
                .map(a -> new Grader.Result(a.text(), false, "not graded: " + why, null)).toList(), 0, why, null);
    }
}
