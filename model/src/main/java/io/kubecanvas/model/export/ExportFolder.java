package io.kubecanvas.model.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes an {@link ExportPlan} to disk so that a reader never sees half an export.
 *
 * <p>A folder export is written complete into a hidden sibling folder, then renamed into place. What is
 * already at the target decides what happens: nothing or an empty folder, it is taken; an earlier export
 * (it holds {@link Exporter#MARKER}), it is replaced as a whole; anything else is refused unless forced,
 * and then the files are written into it one by one (same names replaced, nothing deleted, no marker, so
 * the user's own files are never removed by a later export).
 */
public final class ExportFolder {
    private ExportFolder() {
    }

    public static void write(Path target, ExportPlan plan, boolean force) throws ExportException, IOException {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new ExportException(target + " is a file; --format " + plan.format().id()
                    + " writes a folder: give a folder path for -o");
        }
        boolean exists = Files.isDirectory(target);
        boolean empty = exists && isEmpty(target);
        boolean earlierExport = exists && Files.isRegularFile(target.resolve(Exporter.MARKER));
        if (exists && !empty && !earlierExport && !force) {
            throw new ExportException(target + " is not empty and was not written by kubecanvas export;"
                    + " choose a new or empty folder, or add --force to write into it");
        }
        Path parent = target.getParent();
        if (parent == null) {
            throw new ExportException("cannot export to " + target + "; give a folder below it");
        }
        Files.createDirectories(parent);
        if (empty) {
            Files.delete(target); // renamed into place below, like a new folder
            exists = false;
        }
        if (exists && !earlierExport) {
            // Forced into someone else's folder: add and replace our files, delete nothing.
            Map<String, String> files = new java.util.LinkedHashMap<>(plan.files());
            files.remove(Exporter.MARKER);
            for (String f : files.keySet()) {
                writeFile(target.resolve(f), plan.bytes(f), true);
            }
            return;
        }
        Path staging = parent.resolve("." + target.getFileName() + ".kubecanvas-" + UUID.randomUUID());
        try {
            for (Map.Entry<String, String> f : plan.files().entrySet()) {
                Path p = staging.resolve(f.getKey()).normalize();
                if (!p.startsWith(staging)) {
                    throw new IllegalStateException("export path leaves the folder: " + f.getKey());
                }
                Files.createDirectories(p.getParent());
                Files.write(p, plan.bytes(f.getKey()));
            }
            if (exists) {
                Path old = parent.resolve("." + target.getFileName() + ".kubecanvas-old-" + UUID.randomUUID());
                move(target, old);
                try {
                    move(staging, target);
                } catch (IOException e) {
                    move(old, target); // put the earlier export back
                    throw e;
                }
                deleteTree(old);
            } else {
                move(staging, target);
            }
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    /** Writes one UTF-8 file atomically (beside, then renamed); an existing file is replaced only when forced. */
    public static void writeFile(Path target, String content, boolean force) throws ExportException, IOException {
        writeFile(target, content.getBytes(StandardCharsets.UTF_8), force);
    }

    /** Writes one file's bytes atomically (beside, then renamed); an existing file is replaced only when forced. */
    public static void writeFile(Path target, byte[] content, boolean force) throws ExportException, IOException {
        if (Files.isDirectory(target)) {
            throw new ExportException(target + " is a folder; --format yaml writes one file: give a file path for -o,"
                    + " such as " + target.resolve(ExportPlan.SINGLE_FILE));
        }
        if (Files.exists(target) && !force) {
            throw new ExportException(target + " already exists; choose another file, or add --force to replace it");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new ExportException("cannot write a file at " + target + "; give a file path");
        }
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + target.getFileName() + ".kubecanvas-" + UUID.randomUUID());
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(from, to);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    /** Deletes a folder this class created or verified as an export; symbolic links are not followed. */
    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
