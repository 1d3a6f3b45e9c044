package io.kubecanvas.netviz.view;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * A {@link Sketch} on a JavaFX canvas. Text is drawn without the transform, at the whole pixel size the
 * transform would give it: glyphs then come hinted from the renderer's cache, crisp and the width they have
 * in any other 12 px text, and the software renderer draws them several times faster than scaled outlines.
 */
public final class FxSketch implements Sketch {
    private final GraphicsContext g;
    private final java.util.Map<String, Font> screenFonts = new java.util.HashMap<>();
    private double scale = 1;
    private double tx;
    private double ty;
    private Font font = Font.getDefault();

    public FxSketch(GraphicsContext g) {
        this.g = g;
        g.setLineCap(StrokeLineCap.ROUND);
    }

    @Override
    public void clear(double width, double height, Color background) {
        scale = 1;
        tx = 0;
        ty = 0;
        g.setTransform(1, 0, 0, 1, 0, 0);
        if (background == null) {
            g.clearRect(0, 0, width, height);
        } else {
            g.setFill(background);
            g.fillRect(0, 0, width, height);
        }
    }

    @Override
    public void transform(double scale, double tx, double ty) {
        this.scale = scale;
        this.tx = tx;
        this.ty = ty;
        g.setTransform(scale, 0, 0, scale, tx, ty);
    }

    @Override
    public void fill(Color c) {
        g.setFill(c);
    }

    @Override
    public void stroke(Color c) {
        g.setStroke(c);
    }

    @Override
    public void lineWidth(double w) {
        g.setLineWidth(w);
    }

    @Override
    public void dashes(double... lengths) {
        g.setLineDashes(lengths);
    }

    @Override
    public void font(Font f) {
        font = f;
    }

    @Override
    public void align(TextAlignment a) {
        g.setTextAlign(a);
    }

    @Override
    public void baseline(VPos v) {
        g.setTextBaseline(v);
    }

    @Override
    public void fillRect(double x, double y, double w, double h) {
        g.fillRect(x, y, w, h);
    }

    @Override
    public void fillRoundRect(double x, double y, double w, double h, double arc) {
        g.fillRoundRect(x, y, w, h, arc, arc);
    }

    @Override
    public void strokeRoundRect(double x, double y, double w, double h, double arc) {
        g.strokeRoundRect(x, y, w, h, arc, arc);
    }

    @Override
    public void strokeLine(double x1, double y1, double x2, double y2) {
        g.strokeLine(x1, y1, x2, y2);
    }

    @Override
    public void strokeOval(double x, double y, double w, double h) {
        g.strokeOval(x, y, w, h);
    }

    @Override
    public void fillText(String text, double x, double y) {
        double px = Math.max(1, Math.round(font.getSize() * scale));
        boolean bold = font.getStyle().toLowerCase(java.util.Locale.ROOT).contains("bold");
        Font f = screenFonts.computeIfAbsent(font.getFamily() + (bold ? "/b/" : "/n/") + px,
                k -> Font.font(font.getFamily(), bold ? FontWeight.BOLD : FontWeight.NORMAL, px));
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.setFont(f);
        g.fillText(text, Math.round(x * scale + tx), Math.round(y * scale + ty));
        g.setTransform(scale, 0, 0, scale, tx, ty);
    }
}
