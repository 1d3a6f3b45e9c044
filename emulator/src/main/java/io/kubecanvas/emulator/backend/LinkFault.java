package io.kubecanvas.emulator.backend;

import java.time.Duration;

/**
 * What is wrong with a node's link to the underlay: added one-way delay, a share of packets lost, or the link
 * cut ({@code down}: nothing passes).
 */
public record LinkFault(Duration delay, double lossPercent, boolean down) {
    public static final LinkFault NONE = new LinkFault(Duration.ZERO, 0, false);

    public LinkFault {
        delay = delay == null ? Duration.ZERO : delay;
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a link delay cannot be negative: " + delay);
        }
        if (lossPercent < 0 || lossPercent > 100) {
            throw new IllegalArgumentException("link loss must be between 0 and 100 %, not " + lossPercent);
        }
    }

    public static LinkFault delay(Duration d) {
        return new LinkFault(d, 0, false);
    }

    public static LinkFault loss(double percent) {
        return new LinkFault(Duration.ZERO, percent, false);
    }

    public static LinkFault cut() {
        return new LinkFault(Duration.ZERO, 0, true);
    }

    public boolean none() {
        return !down && lossPercent == 0 && delay.isZero();
    }

    @Override
    public String toString() {
        if (none()) {
            return "healthy";
        }
        if (down) {
            return "down";
        }
        return (delay.isZero() ? "" : "delay " + delay.toMillis() + " ms") + (delay.isZero() || lossPercent == 0 ? "" : ", ")
                + (lossPercent == 0 ? "" : "loss " + lossPercent + " %");
    }
}
