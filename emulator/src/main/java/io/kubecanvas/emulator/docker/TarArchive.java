package io.kubecanvas.emulator.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A minimal ustar writer: the files the emulator copies into node containers (scripts, rules, configs). */
public final class TarArchive {
    private TarArchive() {
    }

    /** A tar holding each file under {@code dir} (an absolute path), with its parent directories. */
    public static byte[] of(String dir, Map<String, byte[]> files) {
        String base = dir.replaceAll("^/+", "").replaceAll("/+$", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Set<String> dirs = new LinkedHashSet<>();
        for (String rel : files.keySet()) {
            String full = base.isEmpty() ? rel : base + "/" + rel;
            int i = -1;
            while ((i = full.indexOf('/', i + 1)) > 0) {
                dirs.add(full.substring(0, i) + "/");
            }
        }
        for (String d : dirs) {
            header(out, d, 0, 0755, '5');
        }
        files.forEach((rel, content) -> {
            String full = base.isEmpty() ? rel : base + "/" + rel;
            boolean exec = rel.endsWith(".sh");
            header(out, full, content.length, exec ? 0755 : 0644, '0');
            out.writeBytes(content);
            pad(out, content.length);
        });
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, String name, long size, int mode, char type) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 100) {
            throw new IllegalArgumentException("path too long for a tar entry: " + name);
        }
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, System.currentTimeMillis() / 1000);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) type;
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        out.writeBytes(h);
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        while (s.length() < len - 1) {
            s = "0" + s;
        }
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }

    private static void pad(ByteArrayOutputStream out, long size) {
        int rem = (int) (size % 512);
        if (rem != 0) {
            out.writeBytes(new byte[512 - rem]);
        }
    }
}
