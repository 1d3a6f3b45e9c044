package io.kubecanvas.model.net;

/**
 * IPv4 addresses as {@code int}s (the address's bits in the int's bit order, so 10.0.0.1 is {@code 0x0a000001};
 * addresses above 127.255.255.255 are negative ints: compare them with {@link Integer#compareUnsigned}).
 */
public final class Ipv4 {
    private Ipv4() {
    }

    /** Parses a dotted quad; throws IllegalArgumentException naming the text when it is not one. */
    public static int parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("not an IPv4 address: null");
        }
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
            } else if (c >= '0' && c <= '9' && digits < 3) {
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

    /** True when {@code text} is a dotted IPv4 address. */
    public static boolean isAddress(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String format(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    /** The address as an unsigned number (for sorting and arithmetic past 2^31). */
    public static long unsigned(int ip) {
        return ip & 0xffffffffL;
    }

    /** {@code prefix:b0:b1:b2:b3} from the address bytes, as the CNI bridge plugin derives its 0a:58:... MACs. */
    public static String macFromIp(String prefix, int ip) {
        return String.format("%s:%02x:%02x:%02x:%02x", prefix, (ip >>> 24) & 0xff, (ip >>> 16) & 0xff,
                (ip >>> 8) & 0xff, ip & 0xff);
    }
}
