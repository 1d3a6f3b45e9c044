package io.kubecanvas.lessons;

import io.kubecanvas.model.yaml.YamlException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The lessons and challenges shipped with KubeCanvas (resources under {@code io/kubecanvas/lessons/shipped},
 * listed in its {@code index.txt}), and lookup of a challenge by file or id for {@code kubecanvas grade}.
 */
public final class Catalog {
    static final String ROOT = "/io/kubecanvas/lessons/shipped/";
    private static volatile Catalog shipped;

    private final List<Lesson> lessons;
    private final List<Challenge> challenges;

    private Catalog(List<Lesson> lessons, List<Challenge> challenges) {
        this.lessons = List.copyOf(lessons);
        this.challenges = List.copyOf(challenges);
    }

    /** The shipped catalog, read once. A shipped file that does not read is a build error, so it throws. */
    public static Catalog shipped() {
        Catalog c = shipped;
        if (c == null) {
            List<Lesson> lessons = new ArrayList<>();
            List<Challenge> challenges = new ArrayList<>();
            for (String name : index()) {
                Teaching t;
                try {
                    t = TeachingFiles.read(name, resource(name));
                } catch (YamlException e) {
                    throw new IllegalStateException("shipped " + e.describe());
                }
                if (t instanceof Lesson l) {
                    lessons.add(l);
                } else {
                    challenges.add((Challenge) t);
                }
            }
            lessons.sort(Comparator.comparingInt(Lesson::order).thenComparing(Lesson::id));
            c = new Catalog(lessons, challenges);
            shipped = c;
        }
        return c;
    }

    /** The resource names listed in index.txt, in order. */
    static List<String> index() {
        return resource("index.txt").lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    static String resource(String name) {
        try (InputStream in = Catalog.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing shipped resource " + ROOT + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Lesson> lessons() {
        return lessons;
    }

    public List<Challenge> challenges() {
        return challenges;
    }

    public Optional<Lesson> lesson(String id) {
        return lessons.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    public Optional<Challenge> challenge(String id) {
        return challenges.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /**
     * A challenge named on the command line: a file when one exists at that path, else a shipped challenge's id.
     *
     * @throws IllegalArgumentException saying which ids exist when it is neither
     * @throws YamlException            when the file does not read
     */
    public Challenge resolveChallenge(String fileOrId) throws YamlException {
        Path p = Path.of(fileOrId);
        if (Files.isRegularFile(p)) {
            Teaching t = TeachingFiles.read(p);
            if (t instanceof Challenge c) {
                return c;
            }
            throw new IllegalArgumentException(fileOrId + " is a Lesson; --challenge needs a Challenge file or id");
        }
        return challenge(fileOrId).orElseThrow(() -> new IllegalArgumentException("no challenge file or shipped challenge '"
                + fileOrId + "' (shipped: " + String.join(", ", challenges.stream().map(Challenge::id).toList()) + ")"));
    }
}
