package io.kubecanvas.emulator.plan;

/**
 * An IPv4 prefix such as {@code 10.244.1.0/24}; {@code address} keeps the host bits as written
 * ({@code 10.244.1.1/24} is an interface address on that prefix).
 */
public record Cidr(int address, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + prefix);
        }
    }

    /** Parses {@code a.b.c.d/n}; a bare address is a /32. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Cidr(Ipv4.parse(text), 32);
        }
        return new Cidr(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1).trim()));
    }

    public static Cidr host(int address) {
        return new Cidr(address, 32);
    }

    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public int network() {
        return address & mask();
    }

    public boolean contains(int ip) {
        return (ip & mask()) == network();
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && contains(other.address);
    }

    /** The n-th address of the prefix (0 is the network address). */
    public int nth(int n) {
        return network() + n;
    }

    /** The same prefix with host bits cleared. */
    public Cidr canonical() {
        return new Cidr(network(), prefix);
    }

    public String addressText() {
        return Ipv4.format(address);
    }

    @Override
    public String toString() {
        return Ipv4.format(address) + "/" + prefix;
    }
}
