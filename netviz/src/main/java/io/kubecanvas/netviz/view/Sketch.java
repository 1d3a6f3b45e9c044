package io.kubecanvas.netviz.view;

import javafx.geometry.VPos;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The few drawing operations the network picture uses, so one drawing routine paints the screen's canvas
 * ({@link FxSketch}) and writes an SVG file ({@code export.SvgSketch}) alike. Coordinates are world
 * coordinates under the last {@link #transform}: uniform scale, then translation.
 */
public interface Sketch {

    /** Fills the whole surface (in surface pixels, ignoring the transform); null background clears it. */
    void clear(double width, double height, Color background);

    void transform(double scale, double translateX, double translateY);

    void fill(Color c);

    void stroke(Color c);

    void lineWidth(double w);

    /** Dash lengths; none for a solid line. */
    void dashes(double... lengths);

    void font(Font f);

    void align(TextAlignment a);

    void baseline(VPos v);

    void fillRect(double x, double y, double w, double h);

    void fillRoundRect(double x, double y, double w, double h, double arc);

    void strokeRoundRect(double x, double y, double w, double h, double arc);

    void strokeLine(double x1, double y1, double x2, double y2);

    void strokeOval(double x, double y, double w, double h);

    void fillText(String text, double x, double y);
}
