package io.kubecanvas.netviz.view;

import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text sizes of the picture: a size asked for in world units is drawn at least {@link #minPixels} high on
 * screen (so labels stay readable when the picture is scaled down to fit) and grows when zoomed in; text
 * wider than its box is shortened in the middle ("web-dep…fghij"), where names differ least.
 */
final class TextFit {
    double minPixels = 12;
    double scale = 1;
    private final Map<Long, Font> fonts = new HashMap<>();
    private final Map<String, Double> widths = new LinkedHashMap<>(512, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> e) {
            return size() > 20_000;
        }
    };
    private final Text probe = new Text();

    /** The font for text asked at {@code worldSize}, in world units under the current scale. */
    Font font(double worldSize, boolean bold) {
        double px = Math.max(minPixels, worldSize * scale);
        double world = px / scale;
        long key = Math.round(world * 8) * 2 + (bold ? 1 : 0);
        return fonts.computeIfAbsent(key, k -> bold ? Font.font("System", FontWeight.BOLD, world) : Font.font("System", world));
    }

    /** The font for text drawn without the transform, in whole pixels, at least {@link #minPixels}. */
    Font screenFont(double worldSize, boolean bold) {
        double px = Math.round(Math.max(minPixels, worldSize * scale));
        long key = -(Math.round(px) * 2 + (bold ? 1 : 0)) - 1;
        return fonts.computeIfAbsent(key, k -> bold ? Font.font("System", FontWeight.BOLD, px) : Font.font("System", px));
    }

    double width(String s, Font f) {
        String key = f.getSize() + (f.getStyle().contains("Bold") ? "b|" : "|") + s;
        Double w = widths.get(key);
        if (w == null) {
            probe.setFont(f);
            probe.setText(s);
            w = probe.getLayoutBounds().getWidth();
            widths.put(key, w);
        }
        return w;
    }

    /** {@code s}, or as much of its start and end as fits in {@code max} with an ellipsis between. */
    String elide(String s, Font f, double max) {
        if (s == null || s.isEmpty() || width(s, f) <= max) {
            return s == null ? "" : s;
        }
        int lo = 0;
        int hi = s.length() - 1;
        String best = "…";
        while (lo <= hi) {
            int keep = (lo + hi) / 2;
            String cut = middle(s, keep);
            if (width(cut, f) <= max) {
                best = cut;
                lo = keep + 1;
            } else {
                hi = keep - 1;
            }
        }
        return best;
    }

    private static String middle(String s, int keep) {
        if (keep <= 0) {
            return "…";
        }
        int head = (keep + 1) / 2;
        int tail = keep - head;
        return s.substring(0, head) + "…" + s.substring(s.length() - tail);
    }
}
