package io.kubecanvas.emulator.control;

/** An IPv4 network such as {@code 10.244.0.0/16}; addresses are handled as unsigned 32-bit values in a long. */
public record Cidr(long base, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length out of range: /" + prefix);
        }
        base = base & mask(prefix);
    }

    /** Parses {@code a.b.c.d/n}; throws IllegalArgumentException with the text on bad input. */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing CIDR");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR (a.b.c.d/n): " + text);
        }
        try {
            return new Cidr(parseIp(text.substring(0, slash).strip()), Integer.parseInt(text.substring(slash + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR (a.b.c.d/n): " + text);
        }
    }

    public static long parseIp(String ip) {
        String[] parts = ip.strip().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    /** True when {@code text} is a dotted IPv4 address. */
    public static boolean isIp(String text) {
        try {
            parseIp(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String format(long ip) {
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    /** The address at {@code offset} from the network address (offset 1 is the first host). */
    public long address(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " outside " + this);
        }
        return base + offset;
    }

    public String addressText(long offset) {
        return format(address(offset));
    }

    public boolean contains(long ip) {
        return (ip & mask(prefix)) == base;
    }

    public boolean contains(String ip) {
        return Cidr.isIp(ip) && contains(parseIp(ip));
    }

    /** The {@code index}-th subnet of length {@code subPrefix}, e.g. subnet(24, 1) of 10.244.0.0/16 is 10.244.1.0/24. */
    public Cidr subnet(int subPrefix, long index) {
        if (subPrefix < prefix) {
            throw new IllegalArgumentException("/" + subPrefix + " is larger than " + this);
        }
        long count = 1L << (subPrefix - prefix);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(this + " has only " + count + " subnets of /" + subPrefix);
        }
        return new Cidr(base + index * (1L << (32 - subPrefix)), subPrefix);
    }

    public long subnetCount(int subPrefix) {
        return subPrefix < prefix ? 0 : 1L << (subPrefix - prefix);
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }
}
