import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The KubeCanvas icon, drawn (no binary in the repository): a node box holding three Pods joined to a
 * Service, in the app's colours. Writes kubecanvas.png (Linux), kubecanvas.ico (Windows) and
 * kubecanvas.icns (macOS) into a folder; ICO and ICNS hold PNG images, as both formats allow.
 *
 * <p>Run with the JDK's source launcher: {@code java installers/Icon.java OUT_DIR}.
 */
public final class Icon {
    private Icon() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(out);
        Files.write(out.resolve("kubecanvas.png"), png(256));
        Files.write(out.resolve("kubecanvas.ico"), ico(png(256), png(48), png(32), png(16)));
        Files.write(out.resolve("kubecanvas.icns"), icns(png(256), png(512)));
        System.out.println("icon: wrote kubecanvas.png, .ico and .icns to " + out);
    }

    static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double s = size / 256.0;
        g.scale(s, s);
        // The tile: the app's accent blue.
        g.setColor(new Color(0x0969da));
        g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56));
        // A worker node (white frame) with three Pods, wired to a Service below.
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(10, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new RoundRectangle2D.Double(40, 44, 176, 104, 24, 24));
        Color pod = new Color(0x4ade80);
        for (int i = 0; i < 3; i++) {
            double x = 60 + i * 50;
            g.setColor(pod);
            g.fill(new RoundRectangle2D.Double(x, 82, 36, 36, 10, 10));
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(7, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(x + 18, 118, 128, 186));
        }
        g.setColor(new Color(0x67e8f9));
        g.fill(new RoundRectangle2D.Double(92, 176, 72, 40, 16, 16));
        g.dispose();
        return img;
    }

    static byte[] png(int size) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(draw(size), "png", b);
        return b.toByteArray();
    }

    /** An ICO file of PNG images (the first one largest). */
    static byte[] ico(byte[]... pngs) throws IOException {
        int[] sizes = {256, 48, 32, 16};
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        LittleEndian out = new LittleEndian(b);
        out.short16(0);
        out.short16(1);
        out.short16(pngs.length);
        int offset = 6 + 16 * pngs.length;
        for (int i = 0; i < pngs.length; i++) {
            int px = sizes[i] >= 256 ? 0 : sizes[i]; // 0 means 256 in an ICO directory
            b.write(px);
            b.write(px);
            b.write(0);
            b.write(0);
            out.short16(1);
            out.short16(32);
            out.int32(pngs[i].length);
            out.int32(offset);
            offset += pngs[i].length;
        }
        for (byte[] p : pngs) {
            b.write(p);
        }
        return b.toByteArray();
    }

    /** An ICNS file: ic08 (256x256) and ic09 (512x512) entries holding PNG data. */
    static byte[] icns(byte[] png256, byte[] png512) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeBytes("icns");
        out.writeInt(8 + 8 + png256.length + 8 + png512.length);
        out.writeBytes("ic08");
        out.writeInt(8 + png256.length);
        out.write(png256);
        out.writeBytes("ic09");
        out.writeInt(8 + png512.length);
        out.write(png512);
        return b.toByteArray();
    }

    private record LittleEndian(ByteArrayOutputStream b) {
        void short16(int v) {
            b.write(v & 0xff);
            b.write((v >> 8) & 0xff);
        }

        void int32(int v) {
            short16(v & 0xffff);
            short16((v >> 16) & 0xffff);
        }
    }
}
