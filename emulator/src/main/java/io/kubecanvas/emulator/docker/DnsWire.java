package io.kubecanvas.emulator.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * DNS messages on the wire (RFC 1035), as much as a probe needs: an A query for a name, and the answer's
 * rcode, CNAME and A records read back. The docker backend sends the query's bytes with socat and reads the reply
 * as hex, so a DNS probe is a real DNS query to a real server.
 */
final class DnsWire {
    /** A reply: rcode (0 NOERROR, 3 NXDOMAIN...), the CNAME records' targets in order and the A records' addresses. */
    record Answer(int id, int rcode, List<String> cnames, List<String> addresses) {
        String rcodeName() {
            return switch (rcode) {
                case 0 -> "NOERROR";
                case 1 -> "FORMERR";
                case 2 -> "SERVFAIL";
                case 3 -> "NXDOMAIN";
                case 4 -> "NOTIMP";
                case 5 -> "REFUSED";
                default -> "RCODE" + rcode;
            };
        }
    }

    private DnsWire() {
    }

    /** A recursive A query for {@code name}. */
    static byte[] query(int id, String name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(id >> 8);
        b.write(id);
        b.write(0x01); // RD
        b.write(0x00);
        b.write(0);
        b.write(1); // QDCOUNT 1
        for (int i = 0; i < 6; i++) {
            b.write(0); // AN, NS, AR counts
        }
        for (String label : name.replaceAll("\\.$", "").split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            if (l.length == 0 || l.length > 63) {
                throw new IllegalArgumentException("not a DNS name: " + name);
            }
            b.write(l.length);
            b.writeBytes(l);
        }
        b.write(0);
        b.write(0);
        b.write(1); // QTYPE A
        b.write(0);
        b.write(1); // QCLASS IN
        return b.toByteArray();
    }

    /** The bytes as a bash {@code printf} format ({@code \xNN} each). */
    static String printfEscaped(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte x : bytes) {
            s.append(String.format("\\x%02x", x & 0xff));
        }
        return s.toString();
    }

    /** Reads a reply given as hex; null when it is not a DNS reply. */
    static Answer parse(String hex) {
        String h = hex.replaceAll("\\s+", "");
        if (h.length() < 24 || h.length() % 2 != 0) {
            return null;
        }
        byte[] m;
        try {
            m = HexFormat.of().parseHex(h);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if ((m[2] & 0x80) == 0) {
            return null; // not a response
        }
        int id = u16(m, 0);
        int rcode = m[3] & 0x0f;
        int qd = u16(m, 4);
        int an = u16(m, 6);
        int p = 12;
        try {
            for (int i = 0; i < qd; i++) {
                p = skipName(m, p) + 4;
            }
            List<String> addrs = new ArrayList<>();
            List<String> cnames = new ArrayList<>();
            for (int i = 0; i < an; i++) {
                p = skipName(m, p);
                int type = u16(m, p);
                int len = u16(m, p + 8);
                p += 10;
                if (type == 1 && len == 4) {
                    addrs.add((m[p] & 0xff) + "." + (m[p + 1] & 0xff) + "." + (m[p + 2] & 0xff) + "." + (m[p + 3] & 0xff));
                } else if (type == 5) {
                    cnames.add(readName(m, p));
                }
                p += len;
            }
            return new Answer(id, rcode, cnames, addrs);
        } catch (ArrayIndexOutOfBoundsException e) {
            return new Answer(id, rcode, List.of(), List.of());
        }
    }

    /** The name at {@code p}, compression pointers followed (RFC 1035 4.1.4), without the root's dot. */
    static String readName(byte[] m, int p) {
        StringBuilder b = new StringBuilder();
        for (int hops = 0; hops < 64; hops++) {
            int len = m[p] & 0xff;
            if (len == 0) {
                return b.toString();
            }
            if ((len & 0xc0) == 0xc0) {
                p = ((len & 0x3f) << 8) | (m[p + 1] & 0xff);
                continue;
            }
            b.append(b.length() == 0 ? "" : ".").append(new String(m, p + 1, len, StandardCharsets.US_ASCII));
            p += len + 1;
        }
        throw new ArrayIndexOutOfBoundsException("a name of more than 64 labels or a pointer loop");
    }

    private static int skipName(byte[] m, int p) {
        while (true) {
            int len = m[p] & 0xff;
            if (len == 0) {
                return p + 1;
            }
            if ((len & 0xc0) == 0xc0) {
                return p + 2; // a pointer ends the name
            }
            p += len + 1;
        }
    }

    private static int u16(byte[] m, int p) {
        return ((m[p] & 0xff) << 8) | (m[p + 1] & 0xff);
    }
}
