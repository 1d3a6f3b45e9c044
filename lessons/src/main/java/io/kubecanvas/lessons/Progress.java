package io.kubecanvas.lessons;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A learner's progress, kept per user in {@code ~/.kubecanvas/progress.json} (or {@code $kubecanvas.home}): per
 * lesson the step they are on and the steps done, per challenge the best score. Written on every change, atomically.
 * A file that cannot be read starts fresh and is kept aside as {@code progress.json.unreadable}.
 */
public final class Progress {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Data data;

    /** What is stored (public fields for Jackson). */
    public static final class Data {
        public Map<String, LessonProgress> lessons = new TreeMap<>();
        public Map<String, ChallengeProgress> challenges = new TreeMap<>();
    }

    public static final class LessonProgress {
        public int step;
        public TreeSet<Integer> done = new TreeSet<>();
    }

    public static final class ChallengeProgress {
        public String best;
        public boolean passed;
    }

    private Progress(Path file, Data data) {
        this.file = file;
        this.data = data;
    }

    public static Progress forUser() {
        String home = System.getProperty("kubecanvas.home");
        Path base = home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".kubecanvas");
        return open(base.resolve("progress.json"));
    }

    public static Progress open(Path file) {
        Data d = new Data();
        if (Files.isRegularFile(file)) {
            try {
                d = JSON.readValue(file.toFile(), Data.class);
                d.lessons = d.lessons == null ? new TreeMap<>() : new TreeMap<>(d.lessons);
                d.challenges = d.challenges == null ? new TreeMap<>() : new TreeMap<>(d.challenges);
            } catch (IOException e) {
                try {
                    Files.move(file, file.resolveSibling(file.getFileName() + ".unreadable"), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException ignored) {
                    // it will be overwritten on the next save
                }
                d = new Data();
            }
        }
        return new Progress(file, d);
    }

    public Path file() {
        return file;
    }

    public synchronized LessonProgress lesson(String id) {
        return data.lessons.computeIfAbsent(id, k -> new LessonProgress());
    }

    public synchronized ChallengeProgress challenge(String id) {
        return data.challenges.get(id);
    }

    public synchronized void stepAt(String lessonId, int step) {
        lesson(lessonId).step = step;
        save();
    }

    public synchronized void stepDone(String lessonId, int step) {
        lesson(lessonId).done.add(step);
        save();
    }

    /** Records a grade; the best score is kept. */
    public synchronized void graded(String challengeId, Grader.Grade grade) {
        ChallengeProgress c = data.challenges.computeIfAbsent(challengeId, k -> new ChallengeProgress());
        long best = c.best == null ? -1 : Long.parseLong(c.best.substring(0, c.best.indexOf('/')));
        if (grade.passedCount() > best) {
            c.best = grade.score();
        }
        c.passed |= grade.passed();
        save();
    }

    public synchronized void reset(String lessonId) {
        data.lessons.remove(lessonId);
        save();
    }

    private void save() {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), data);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot save progress to " + file + ": " + e.getMessage(), e);
        }
    }
}
