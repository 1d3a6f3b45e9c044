package io.kubecanvas.emulator.docker;

/** An IPv4 CIDR block, for address arithmetic on the underlay and Pod ranges. */
public record Cidr(long network, int prefix) {

    public static Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return new Cidr(toLong(cidr), 32);
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1).strip());
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return new Cidr(toLong(cidr.substring(0, slash).strip()) & mask, prefix);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public long broadcast() {
        return network + size() - 1;
    }

    public boolean contains(long addr) {
        return addr >= network && addr <= broadcast();
    }

    public boolean contains(String ip) {
        return ip != null && contains(toLong(ip));
    }

    /** The n-th address of the block (1 = the first host address). */
    public String host(long n) {
        return format(network + n);
    }

    public String networkAddress() {
        return format(network);
    }

    public static long toLong(String ip) {
        String[] p = ip.strip().split("\\.");
        if (p.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long v = 0;
        for (String s : p) {
            int b = Integer.parseInt(s);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            v = (v << 8) | b;
        }
        return v;
    }

    public static String format(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
