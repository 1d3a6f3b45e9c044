package io.kubecanvas.emulator.plan;

/** IPv4 addresses as ints (network byte order in the int's bit order) and MAC addresses as text. */
public final class Ipv4 {
    private Ipv4() {
    }

    public static int parse(String text) {
        String t = text.trim();
        int value = 0;
        int part = 0;
        int parts = 0;
        int digits = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '.') {
                if (digits == 0 || part > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + text);
                }
                value = (value << 8) | part;
                part = 0;
                digits = 0;
                parts++;
            } else if (c >= '0' && c <= '9') {
                part = part * 10 + (c - '0');
                digits++;
            } else {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
        }
        if (digits == 0 || part > 255 || parts != 3) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        return (value << 8) | part;
    }

    public static boolean isAddress(String text) {
        try {
            parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static String format(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    /** {@code prefix:b0:b1:b2:b3} from the address bytes, as the CNI bridge plugin derives 0a:58:... MACs. */
    public static String macFromIp(String prefix, int ip) {
        return String.format("%s:%02x:%02x:%02x:%02x", prefix, (ip >>> 24) & 0xff, (ip >>> 16) & 0xff,
                (ip >>> 8) & 0xff, ip & 0xff);
    }
}
