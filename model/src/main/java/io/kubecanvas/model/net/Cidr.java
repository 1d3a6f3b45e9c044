package io.kubecanvas.model.net;

/**
 * An IPv4 prefix such as {@code 10.244.1.0/24}. {@code address} keeps the host bits as written, so
 * {@code 10.244.1.1/24} is an interface address on that prefix; {@link #canonical()} clears them.
 */
public record Cidr(int address, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length out of range: /" + prefix);
        }
    }

    /** Parses {@code a.b.c.d/n}; throws IllegalArgumentException saying what a CIDR looks like. */
    public static Cidr parse(String text) {
        Cidr c = parseOrNull(text);
        if (c == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR such as 10.244.0.0/16");
        }
        return c;
    }

    /** {@code a.b.c.d/n} parsed, or null when the text is not one. */
    public static Cidr parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash < 0 || !Ipv4.isAddress(t.substring(0, slash))) {
            return null;
        }
        String len = t.substring(slash + 1).strip();
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int prefix = Integer.parseInt(len);
        return prefix > 32 ? null : new Cidr(Ipv4.parse(t.substring(0, slash)), prefix);
    }

    /** A single address, {@code /32}. */
    public static Cidr host(int address) {
        return new Cidr(address, 32);
    }

    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The network address (host bits cleared). */
    public int network() {
        return address & mask();
    }

    /** The last address of the prefix. */
    public int broadcast() {
        return network() | ~mask();
    }

    /** How many addresses the prefix holds. */
    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean contains(int ip) {
        return (ip & mask()) == network();
    }

    /** False for text that is not an address. */
    public boolean contains(String ip) {
        return Ipv4.isAddress(ip) && contains(Ipv4.parse(ip));
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && contains(other.address);
    }

    public boolean overlaps(Cidr other) {
        return contains(other.network()) || other.contains(network());
    }

    /** The address at {@code offset} from the network address (1 is the first host); throws outside the prefix. */
    public int nth(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + canonical());
        }
        return (int) (network() + offset);
    }

    /** {@link #nth} as text. */
    public String nthText(long offset) {
        return Ipv4.format(nth(offset));
    }

    /** The same prefix with host bits cleared. */
    public Cidr canonical() {
        return new Cidr(network(), prefix);
    }

    /** The {@code index}-th prefix of length {@code subPrefix} inside this one: subnet(24, 1) of 10.244.0.0/16 is 10.244.1.0/24. */
    public Cidr subnet(int subPrefix, long index) {
        if (subPrefix < prefix || subPrefix > 32) {
            throw new IllegalArgumentException("a /" + subPrefix + " does not fit in " + canonical());
        }
        long count = subnetCount(subPrefix);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(canonical() + " holds only " + count + " /" + subPrefix + " subnets");
        }
        return new Cidr((int) (network() + index * (1L << (32 - subPrefix))), subPrefix);
    }

    /** How many prefixes of length {@code subPrefix} fit (0 when it is shorter than this one). */
    public long subnetCount(int subPrefix) {
        return subPrefix < prefix ? 0 : 1L << (subPrefix - prefix);
    }

    /** The address as written, without the length. */
    public String addressText() {
        return Ipv4.format(address);
    }

    @Override
    public String toString() {
        return Ipv4.format(address) + "/" + prefix;
    }
}
