package io.kubecanvas.emulator.docker;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The files the emulator copies into containers (scripts, the plan), as a tar made with commons-compress. */
public final class TarArchive {
    private TarArchive() {
    }

    /** A tar holding each file under {@code dir} (an absolute path), with its parent directories; scripts are executable. */
    public static byte[] of(String dir, Map<String, byte[]> files) {
        String base = dir.replaceAll("^/+", "").replaceAll("/+$", "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> dirs = new LinkedHashSet<>();
            for (String rel : files.keySet()) {
                String full = base.isEmpty() ? rel : base + "/" + rel;
                int i = -1;
                while ((i = full.indexOf('/', i + 1)) > 0) {
                    dirs.add(full.substring(0, i) + "/");
                }
            }
            for (String d : dirs) {
                TarArchiveEntry e = new TarArchiveEntry(d);
                e.setMode(040755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(base.isEmpty() ? f.getKey() : base + "/" + f.getKey());
                e.setSize(f.getValue().length);
                e.setMode(f.getKey().endsWith(".sh") ? 0100755 : 0100644);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The regular files of a tar stream (as Docker's archive API sends a folder), by their name without folders. */
    static Map<String, byte[]> read(java.io.InputStream tar) {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(tar)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile()) {
                    String n = e.getName();
                    out.put(n.substring(n.lastIndexOf('/') + 1), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
