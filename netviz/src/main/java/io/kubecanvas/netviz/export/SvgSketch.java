package io.kubecanvas.netviz.export;

import io.kubecanvas.netviz.view.Sketch;
import javafx.geometry.VPos;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.Locale;

/**
 * A {@link Sketch} that writes SVG: every operation becomes one element, with the transform applied to its
 * coordinates (the picture's transform is a uniform scale and a translation), text as {@code <text>} so a
 * slide tool can still edit it. XML escaping is the JDK's StAX writer's.
 */
public final class SvgSketch implements Sketch {
    private final StringWriter out = new StringWriter();
    private final XMLStreamWriter xml;
    private final double width;
    private final double height;
    private double scale = 1;
    private double tx;
    private double ty;
    private Color fill = Color.BLACK;
    private Color stroke = Color.BLACK;
    private double lineWidth = 1;
    private double[] dashes = new double[0];
    private Font font = Font.getDefault();
    private TextAlignment align = TextAlignment.LEFT;
    private VPos baseline = VPos.BASELINE;
    private boolean finished;

    public SvgSketch(double width, double height) {
        this.width = width;
        this.height = height;
        try {
            xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("svg");
            xml.writeDefaultNamespace("http://www.w3.org/2000/svg");
            xml.writeAttribute("width", num(width));
            xml.writeAttribute("height", num(height));
            xml.writeAttribute("viewBox", "0 0 " + num(width) + " " + num(height));
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document; no drawing after this. */
    public String finish() {
        try {
            if (!finished) {
                xml.writeEndElement();
                xml.writeEndDocument();
                xml.flush();
                finished = true;
            }
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void clear(double w, double h, Color background) {
        if (background != null) {
            element("rect", "x", "0", "y", "0", "width", num(w), "height", num(h), "fill", rgb(background),
                    "fill-opacity", num(background.getOpacity()));
        }
    }

    @Override
    public void transform(double s, double x, double y) {
        scale = s;
        tx = x;
        ty = y;
    }

    @Override
    public void fill(Color c) {
        fill = c;
    }

    @Override
    public void stroke(Color c) {
        stroke = c;
    }

    @Override
    public void lineWidth(double w) {
        lineWidth = w;
    }

    @Override
    public void dashes(double... lengths) {
        dashes = lengths == null ? new double[0] : lengths.clone();
    }

    @Override
    public void font(Font f) {
        font = f;
    }

    @Override
    public void align(TextAlignment a) {
        align = a;
    }

    @Override
    public void baseline(VPos v) {
        baseline = v;
    }

    @Override
    public void fillRect(double x, double y, double w, double h) {
        element("rect", "x", num(X(x)), "y", num(Y(y)), "width", num(w * scale), "height", num(h * scale),
                "fill", rgb(fill), "fill-opacity", num(fill.getOpacity()));
    }

    @Override
    public void fillRoundRect(double x, double y, double w, double h, double arc) {
        element("rect", "x", num(X(x)), "y", num(Y(y)), "width", num(w * scale), "height", num(h * scale),
                "rx", num(arc * scale / 2), "fill", rgb(fill), "fill-opacity", num(fill.getOpacity()));
    }

    @Override
    public void strokeRoundRect(double x, double y, double w, double h, double arc) {
        element("rect", "x", num(X(x)), "y", num(Y(y)), "width", num(w * scale), "height", num(h * scale),
                "rx", num(arc * scale / 2), "fill", "none", "stroke", rgb(stroke), "stroke-opacity", num(stroke.getOpacity()),
                "stroke-width", num(lineWidth * scale), "stroke-dasharray", dashArray());
    }

    @Override
    public void strokeLine(double x1, double y1, double x2, double y2) {
        element("line", "x1", num(X(x1)), "y1", num(Y(y1)), "x2", num(X(x2)), "y2", num(Y(y2)), "stroke", rgb(stroke),
                "stroke-opacity", num(stroke.getOpacity()), "stroke-width", num(lineWidth * scale), "stroke-linecap", "round",
                "stroke-dasharray", dashArray());
    }

    @Override
    public void strokeOval(double x, double y, double w, double h) {
        element("ellipse", "cx", num(X(x + w / 2)), "cy", num(Y(y + h / 2)), "rx", num(w * scale / 2), "ry", num(h * scale / 2),
                "fill", "none", "stroke", rgb(stroke), "stroke-opacity", num(stroke.getOpacity()), "stroke-width", num(lineWidth * scale));
    }

    @Override
    public void fillText(String text, double x, double y) {
        try {
            xml.writeStartElement("text");
            attrs("x", num(X(x)), "y", num(Y(y)), "font-family", font.getFamily() + ", sans-serif", "font-size", num(font.getSize() * scale),
                    "font-weight", font.getStyle().toLowerCase(Locale.ROOT).contains("bold") ? "bold" : "normal",
                    "text-anchor", switch (align) {
                        case CENTER -> "middle";
                        case RIGHT -> "end";
                        default -> "start";
                    },
                    "dominant-baseline", switch (baseline) {
                        case CENTER -> "central";
                        case TOP -> "hanging";
                        case BOTTOM -> "text-after-edge";
                        default -> "alphabetic";
                    },
                    "fill", rgb(fill), "fill-opacity", num(fill.getOpacity()));
            xml.writeCharacters(text);
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private double X(double x) {
        return x * scale + tx;
    }

    private double Y(double y) {
        return y * scale + ty;
    }

    private String dashArray() {
        if (dashes.length == 0) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (double d : dashes) {
            b.append(b.length() == 0 ? "" : " ").append(num(d * scale));
        }
        return b.toString();
    }

    private void element(String name, String... kv) {
        try {
            xml.writeEmptyElement(name);
            attrs(kv);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private void attrs(String... kv) throws XMLStreamException {
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                xml.writeAttribute(kv[i], kv[i + 1]);
            }
        }
    }

    private static String rgb(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                (int) Math.round(c.getBlue() * 255));
    }

    private static String num(double v) {
        if (v == Math.rint(v)) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }
}
