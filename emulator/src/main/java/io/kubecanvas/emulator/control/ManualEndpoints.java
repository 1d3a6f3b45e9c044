package io.kubecanvas.emulator.control;

import io.kubecanvas.model.net.Ipv4;
import io.kubecanvas.model.net.Cidr;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.Trees;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Endpoints written by hand: an {@code Endpoints} object (v1) or an {@code EndpointSlice}
 * (discovery.k8s.io/v1) that the EndpointSlice controller does not manage. This is how a Service without
 * a selector gets its backends (the Kubernetes docs, "Services without selectors"); kube-proxy also uses
 * any EndpointSlice labelled {@code kubernetes.io/service-name} with the Service's name.
 *
 * @param service the Service it belongs to: the Endpoints' own name, or the slice's service-name label
 */
public record ManualEndpoints(String namespace, String name, String service, boolean slice, List<Subset> subsets) {

    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    public ManualEndpoints {
        subsets = List.copyOf(subsets);
    }

    /** Addresses that share a port list (an Endpoints subset; a slice is one). */
    public record Subset(List<Address> addresses, List<Port> ports) {
        public Subset {
            addresses = List.copyOf(addresses);
            ports = List.copyOf(ports);
        }
    }

    /** @param podNamespace the targetRef's Pod, or null */
    public record Address(String ip, boolean ready, String nodeName, String podNamespace, String podName) {
    }

    /** @param name null when the Service port it serves is unnamed */
    public record Port(String name, int port, String protocol) {
    }

    /** Reads an Endpoints object, refusing what the API server refuses, in its words. */
    static ManualEndpoints endpoints(String namespace, KubeObject o) throws AdmissionException {
        String what = "Endpoints \"" + o.name() + "\" is invalid: ";
        List<Subset> subsets = new ArrayList<>();
        List<Object> list = o.list("subsets");
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> s)) {
                continue;
            }
            List<Address> addresses = new ArrayList<>();
            String at = "subsets[" + i + "]";
            addresses(what, at + ".addresses", s.get("addresses"), true, namespace, addresses);
            addresses(what, at + ".notReadyAddresses", s.get("notReadyAddresses"), false, namespace, addresses);
            subsets.add(new Subset(addresses, ports(what, at + ".ports", s.get("ports"))));
        }
        return new ManualEndpoints(namespace, o.name(), o.name(), false, subsets);
    }

    /** Reads an EndpointSlice of IPv4 addresses; other address types are kept out (the emulator is IPv4). */
    static ManualEndpoints endpointSlice(String namespace, KubeObject o) throws AdmissionException {
        String what = "EndpointSlice.discovery.k8s.io \"" + o.name() + "\" is invalid: ";
        String type = Trees.get(o.tree(), "addressType") == null ? null : String.valueOf(Trees.get(o.tree(), "addressType"));
        if (type == null) {
            throw new AdmissionException(what + "addressType: Required value");
        }
        List<Address> addresses = new ArrayList<>();
        List<Object> list = o.list("endpoints");
        if ("IPv4".equals(type)) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> e)) {
                    continue;
                }
                String at = "endpoints[" + i + "]";
                List<?> ips = e.get("addresses") instanceof List<?> l ? l : List.of();
                if (ips.isEmpty()) {
                    throw new AdmissionException(what + at + ".addresses: Required value: must contain at least 1 address");
                }
                Object ready = e.get("conditions") instanceof Map<?, ?> c ? c.get("ready") : null;
                Map<?, ?> ref = e.get("targetRef") instanceof Map<?, ?> r ? r : Map.of();
                String ip = ip(what, at + ".addresses[0]", String.valueOf(ips.get(0)));
                addresses.add(new Address(ip, ready == null || Boolean.parseBoolean(String.valueOf(ready)),
                        text(e.get("nodeName")), podRefNamespace(ref, namespace), podRefName(ref)));
            }
        }
        String service = o.labels().get(SERVICE_NAME_LABEL);
        return new ManualEndpoints(namespace, o.name(), service, true,
                List.of(new Subset(addresses, ports(what, "ports", Trees.get(o.tree(), "ports")))));
    }

    private static void addresses(String what, String at, Object value, boolean ready, String namespace, List<Address> out)
            throws AdmissionException {
        if (!(value instanceof List<?> list)) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> a) {
                Map<?, ?> ref = a.get("targetRef") instanceof Map<?, ?> r ? r : Map.of();
                String ip = ip(what, at + "[" + i + "].ip", text(a.get("ip")));
                out.add(new Address(ip, ready, text(a.get("nodeName")), podRefNamespace(ref, namespace), podRefName(ref)));
            }
        }
    }

    private static List<Port> ports(String what, String at, Object value) throws AdmissionException {
        List<Port> out = new ArrayList<>();
        if (!(value instanceof List<?> list)) {
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> p)) {
                continue;
            }
            Object port = p.get("port");
            int n;
            try {
                n = Integer.parseInt(String.valueOf(port));
            } catch (NumberFormatException e) {
                throw new AdmissionException(what + at + "[" + i + "].port: Required value");
            }
            if (n < 1 || n > 65535) {
                throw new AdmissionException(what + at + "[" + i + "].port: Invalid value: " + n
                        + ": must be between 1 and 65535, inclusive");
            }
            String name = text(p.get("name"));
            out.add(new Port(name == null || name.isEmpty() ? null : name, n,
                    p.get("protocol") == null ? "TCP" : String.valueOf(p.get("protocol"))));
        }
        return out;
    }

    /** An endpoint address as the API server validates it: an IP, not loopback, link-local or unspecified. */
    private static String ip(String what, String at, String ip) throws AdmissionException {
        if (ip == null || !Ipv4.isAddress(ip)) {
            throw new AdmissionException(what + at + ": Invalid value: \"" + ip + "\": must be a valid IP address");
        }
        int a = Ipv4.parse(ip);
        String why = a == 0 ? "may not be unspecified"
                : Cidr.parse("127.0.0.0/8").contains(a) ? "may not be in the loopback range (127.0.0.0/8, ::1/128)"
                : Cidr.parse("169.254.0.0/16").contains(a) ? "may not be in the link-local range (169.254.0.0/16, fe80::/10)"
                : Cidr.parse("224.0.0.0/24").contains(a) ? "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"
                : null;
        if (why != null) {
            throw new AdmissionException(what + at + ": Invalid value: \"" + ip + "\": " + why);
        }
        return Ipv4.format(a);
    }

    private static String podRefNamespace(Map<?, ?> ref, String namespace) {
        if (!"Pod".equals(text(ref.get("kind"))) || ref.get("name") == null) {
            return null;
        }
        String ns = text(ref.get("namespace"));
        return ns == null || ns.isEmpty() ? namespace : ns;
    }

    private static String podRefName(Map<?, ?> ref) {
        return "Pod".equals(text(ref.get("kind"))) ? text(ref.get("name")) : null;
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
