package io.kubecanvas.netviz.export;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Animated GIFs with the JDK's own GIF writer: one frame after another, each shown for a fixed delay, the
 * whole looping forever (the NETSCAPE2.0 extension every browser and slide tool honours). After the first
 * frame only the rectangle that changed is stored, drawn over the frame before ("do not dispose"), and a
 * frame that changes nothing lengthens the one before: a packet crossing a still picture costs little.
 */
public final class GifWriter {
    private GifWriter() {
    }

    public static void write(Path file, List<BufferedImage> frames, int delayMillis) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(tmp))) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            boolean first = true;
            for (Patch patch : patches(frames, delayMillis)) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(patch.image()), param);
                configure(meta, patch, first);
                first = false;
                writer.writeToSequence(new IIOImage(patch.image(), null, meta), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** What one GIF frame stores: the changed rectangle at (x, y), shown for {@code delay} ms. */
    record Patch(BufferedImage image, int x, int y, int delay) {
    }

    static List<Patch> patches(List<BufferedImage> frames, int delayMillis) {
        List<Patch> out = new java.util.ArrayList<>();
        BufferedImage previous = null;
        for (BufferedImage frame : frames) {
            BufferedImage rgb = frame.getType() == BufferedImage.TYPE_INT_RGB ? frame : toRgb(frame);
            if (previous == null) {
                out.add(new Patch(rgb, 0, 0, delayMillis));
                previous = rgb;
                continue;
            }
            int[] box = changed(previous, rgb);
            if (box == null) {
                Patch last = out.remove(out.size() - 1);
                out.add(new Patch(last.image(), last.x(), last.y(), last.delay() + delayMillis));
                continue;
            }
            BufferedImage part = new BufferedImage(box[2], box[3], BufferedImage.TYPE_INT_RGB);
            part.getGraphics().drawImage(rgb.getSubimage(box[0], box[1], box[2], box[3]), 0, 0, null);
            out.add(new Patch(part, box[0], box[1], delayMillis));
            previous = rgb;
        }
        return out;
    }

    /** {x, y, w, h} of the pixels that differ, or null when none do. */
    private static int[] changed(BufferedImage a, BufferedImage b) {
        int w = Math.min(a.getWidth(), b.getWidth());
        int h = Math.min(a.getHeight(), b.getHeight());
        int[] ra = new int[w];
        int[] rb = new int[w];
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            a.getRGB(0, y, w, 1, ra, 0, w);
            b.getRGB(0, y, w, 1, rb, 0, w);
            for (int x = 0; x < w; x++) {
                if (ra[x] != rb[x]) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = y;
                }
            }
        }
        return maxX < 0 ? null : new int[]{minX, minY, maxX - minX + 1, maxY - minY + 1};
    }

    private static BufferedImage toRgb(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(src, 0, 0, null);
        return out;
    }

    private static void configure(IIOMetadata meta, Patch patch, boolean first) throws IIOInvalidTreeException {
        int delayMillis = patch.delay();
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode descriptor = child(root, "ImageDescriptor");
        descriptor.setAttribute("imageLeftPosition", String.valueOf(patch.x()));
        descriptor.setAttribute("imageTopPosition", String.valueOf(patch.y()));
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "doNotDispose");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", String.valueOf(Math.max(2, Math.round(delayMillis / 10.0))));
        gce.setAttribute("transparentColorIndex", "0");
        if (first) {
            loopForever(root);
        }
        meta.setFromTree(format, root);
    }

    private static void loopForever(IIOMetadataNode root) {
        IIOMetadataNode apps = child(root, "ApplicationExtensions");
        IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
        loop.setAttribute("applicationID", "NETSCAPE");
        loop.setAttribute("authenticationCode", "2.0");
        loop.setUserObject(new byte[]{1, 0, 0});    // sub-block 1: loop count 0 = forever
        apps.appendChild(loop);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }
}
