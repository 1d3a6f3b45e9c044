package io.kubecanvas.emulator.backend;

import java.util.Locale;

/** The transport a probe uses. */
public enum Protocol {
    TCP, UDP, ICMP;

    public static Protocol parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown protocol '" + text + "': use tcp, udp or icmp");
        }
    }
}
