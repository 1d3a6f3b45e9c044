package io.kubecanvas.emulator.backend;

import java.util.Locale;

/** The transport a probe uses (SCTP: an association INIT to SHUTDOWN COMPLETE, as the kernel's). */
public enum Protocol {
    TCP, UDP, SCTP, ICMP;

    public static Protocol parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown protocol '" + text + "': use tcp, udp, sctp or icmp");
        }
    }
}
