package io.kubecanvas.app.ui.inspector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks of what a user types into the inspector, with the Kubernetes rules. Each returns null when the
 * value is fine, otherwise a message saying what is allowed.
 */
public final class FieldRules {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern HOST = Pattern.compile("(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9]+([._/:@-][a-zA-Z0-9_.-]+)*");

    private FieldRules() {
    }

    /** An object name: a DNS-1123 subdomain (Services, Namespaces and Ingresses need a label, checked here too). */
    public static String name(String v) {
        if (v.isEmpty()) {
            return "a name is required";
        }
        if (v.length() > 63) {
            return "at most 63 characters";
        }
        if (!DNS_LABEL.matcher(v).matches()) {
            return "lower-case letters, digits and '-', starting and ending with a letter or digit";
        }
        return null;
    }

    public static String namespace(String v) {
        return v.isEmpty() ? null : name(v);
    }

    /** Labels written {@code key=value, key2=value2}. */
    public static String labels(String v) {
        try {
            parseLabels(v);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    public static Map<String, String> parseLabels(String v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isBlank()) {
            return out;
        }
        for (String part : v.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("write labels as key=value, separated by commas");
            }
            String key = p.substring(0, eq).strip();
            String value = p.substring(eq + 1).strip();
            String keyError = labelKey(key);
            if (keyError != null) {
                throw new IllegalArgumentException("label key '" + key + "': " + keyError);
            }
            if (value.length() > 63 || !LABEL_NAME.matcher(value).matches()) {
                throw new IllegalArgumentException("label value '" + value
                        + "': at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
            }
            out.put(key, value);
        }
        return out;
    }

    static String labelKey(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return "the prefix must be a DNS subdomain such as example.com";
            }
        }
        if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            return "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }
        return null;
    }

    public static String formatLabels(Map<String, String> labels) {
        StringBuilder s = new StringBuilder();
        labels.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return s.toString();
    }

    public static String port(String v) {
        try {
            int p = Integer.parseInt(v.strip());
            return p >= 1 && p <= 65535 ? null : "a port is 1 to 65535";
        } catch (NumberFormatException e) {
            return "a port number, 1 to 65535";
        }
    }

    public static String optionalPort(String v) {
        return v.isBlank() ? null : port(v);
    }

    /** A targetPort: a number or the name of a container port. */
    public static String portOrName(String v) {
        if (v.isBlank()) {
            return "a port number or a port name";
        }
        if (v.strip().chars().allMatch(Character::isDigit)) {
            return port(v);
        }
        return v.length() <= 15 && PORT_NAME.matcher(v).matches() ? null
                : "a port number, or a port name (at most 15 lower-case letters, digits and '-')";
    }

    public static String nodePort(String v) {
        if (v.isBlank()) {
            return null;
        }
        try {
            int p = Integer.parseInt(v.strip());
            return p >= 30000 && p <= 32767 ? null : "a NodePort is 30000 to 32767";
        } catch (NumberFormatException e) {
            return "a number, 30000 to 32767 (or empty to let Kubernetes choose)";
        }
    }

    public static String replicas(String v) {
        try {
            int r = Integer.parseInt(v.strip());
            return r >= 0 && r <= 10000 ? null : "replicas are 0 to 10000";
        } catch (NumberFormatException e) {
            return "a whole number of replicas";
        }
    }

    public static String image(String v) {
        if (v.isBlank()) {
            return "an image is required, such as nginx:latest";
        }
        return IMAGE.matcher(v.strip()).matches() ? null : "an image reference such as nginx:1.27 or registry.example.com/app:v1";
    }

    /** An Ingress host: empty (any host), a DNS name, or a wildcard {@code *.example.com}. */
    public static String host(String v) {
        if (v.isBlank()) {
            return null;
        }
        return HOST.matcher(v.strip()).matches() ? null : "a DNS name such as shop.example.com (or *.example.com)";
    }

    public static String path(String v) {
        return v.startsWith("/") ? null : "a path starts with /";
    }

    public static String oneOf(String v, List<String> allowed) {
        return allowed.contains(v) ? null : "one of " + String.join(", ", allowed);
    }

    /** A comma-separated list of hosts. */
    public static String hosts(String v) {
        for (String h : v.split(",")) {
            String e = host(h.strip());
            if (e != null) {
                return "'" + h.strip() + "': " + e;
            }
        }
        return null;
    }

    public static String optionalName(String v) {
        return v.isBlank() ? null : name(v);
    }

    /** Ports of a NetworkPolicy rule: {@code 80, TCP/443, UDP/53}. */
    public static String policyPorts(String v) {
        if (v.isBlank()) {
            return null;
        }
        for (String part : v.split(",")) {
            String p = part.strip();
            int slash = p.indexOf('/');
            String proto = slash >= 0 ? p.substring(0, slash) : "TCP";
            String port = slash >= 0 ? p.substring(slash + 1) : p;
            if (!List.of("TCP", "UDP", "SCTP").contains(proto)) {
                return "'" + p + "': the protocol is TCP, UDP or SCTP";
            }
            String e = portOrName(port);
            if (e != null) {
                return "'" + p + "': " + e;
            }
        }
        return null;
    }
}
