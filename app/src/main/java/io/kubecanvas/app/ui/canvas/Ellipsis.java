package io.kubecanvas.app.ui.canvas;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text cut to a width with an ellipsis, at the end or in the middle (a generated Pod name keeps its
 * random end, which is what tells two replicas apart). Widths are measured once per text and font.
 */
final class Ellipsis {
    private static final int CACHE = 4096;
    private static final Map<String, String> FITTED = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE;
        }
    };
    private static final Text MEASURE = new Text();

    private Ellipsis() {
    }

    static String fit(String text, Font font, double maxWidth, boolean middle) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String key = font.getSize() + "|" + font.getStyle() + "|" + Math.round(maxWidth) + "|" + middle + "|" + text;
        String fitted = FITTED.get(key);
        if (fitted == null) {
            fitted = cut(text, font, maxWidth, middle);
            FITTED.put(key, fitted);
        }
        return fitted;
    }

    static boolean fits(String text, Font font, double maxWidth) {
        return fit(text, font, maxWidth, false).equals(text);
    }

    private static String cut(String text, Font font, double maxWidth, boolean middle) {
        if (width(text, font) <= maxWidth) {
            return text;
        }
        int dash = text.lastIndexOf('-');
        int suffix = dash > 0 && text.length() - dash <= 8 ? text.length() - dash : 6;
        for (int keep = text.length() - 1; keep > 1; keep--) {
            String s;
            if (middle) {
                int tail = Math.min(keep / 2, suffix);
                s = text.substring(0, keep - tail) + "\u2026" + text.substring(text.length() - tail);
            } else {
                s = text.substring(0, keep) + "\u2026";
            }
            if (width(s, font) <= maxWidth) {
                return s;
            }
        }
        return "\u2026";
    }

    private static double width(String s, Font font) {
        MEASURE.setFont(font);
        MEASURE.setText(s);
        return MEASURE.getLayoutBounds().getWidth();
    }
}
