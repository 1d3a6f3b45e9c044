package io.kubecanvas.model.validate;

/**
 * Name and label syntax as the API server checks it (k8s.io/apimachinery/pkg/util/validation).
 * Each check returns null when the text is valid, else a sentence saying what is wrong.
 */
public final class KubeNames {
    private KubeNames() {
    }

    /** RFC 1123 label: at most 63 lowercase alphanumerics or '-', starting and ending alphanumeric. */
    public static String dns1123Label(String s) {
        if (s.isEmpty()) {
            return "must not be empty";
        }
        if (s.length() > 63) {
            return "must be at most 63 characters (has " + s.length() + ")";
        }
        return labelChars(s, false) ? null
                : "must consist of lowercase letters, digits and '-', and start and end with a letter or digit";
    }

    /** RFC 1035 label (Service names): as a DNS-1123 label, but starting with a letter. */
    public static String dns1035Label(String s) {
        String e = dns1123Label(s);
        if (e != null) {
            return e;
        }
        return s.charAt(0) >= 'a' && s.charAt(0) <= 'z' ? null : "must start with a lowercase letter";
    }

    /** RFC 1123 subdomain: dot-separated DNS-1123 labels, at most 253 characters. */
    public static String dns1123Subdomain(String s) {
        if (s.isEmpty()) {
            return "must not be empty";
        }
        if (s.length() > 253) {
            return "must be at most 253 characters (has " + s.length() + ")";
        }
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (i == start || !labelChars(s.substring(start, i), false)) {
                    return "must consist of lowercase letters, digits, '-' and '.', and start and end with a letter or digit";
                }
                start = i + 1;
            }
        }
        return null;
    }

    /** A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
    public static String labelKey(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            String e = dns1123Subdomain(prefix);
            if (e != null) {
                return "the prefix '" + prefix + "' " + e;
            }
        }
        if (name.isEmpty()) {
            return "the name part must not be empty";
        }
        if (name.length() > 63) {
            return "the name part must be at most 63 characters";
        }
        return qualifiedChars(name) ? null
                : "the name part must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit";
    }

    /** A label value: empty, or at most 63 letters, digits, '-', '_', '.', starting and ending alphanumeric. */
    public static String labelValue(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > 63) {
            return "must be at most 63 characters (has " + value.length() + ")";
        }
        return qualifiedChars(value) ? null
                : "must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit";
    }

    /**
     * A path segment name (ValidatePathSegmentName), what RBAC objects and custom resources need: not "." or
     * "..", and no '/' or '%'.
     */
    public static String pathSegment(String s) {
        if (s.isEmpty()) {
            return "must not be empty";
        }
        if (s.equals(".") || s.equals("..")) {
            return "must not be '" + s + "'";
        }
        return s.indexOf('/') >= 0 || s.indexOf('%') >= 0 ? "must not contain '/' or '%'" : null;
    }

    /** A port name (IANA_SVC_NAME): at most 15 lowercase alphanumerics or '-', with a letter, no "--". */
    public static String portName(String s) {
        if (s.isEmpty() || s.length() > 15) {
            return "must be 1 to 15 characters";
        }
        boolean letter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            letter |= c >= 'a' && c <= 'z';
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return "must consist of lowercase letters, digits and '-'";
            }
        }
        if (!letter) {
            return "must contain at least one letter";
        }
        if (s.startsWith("-") || s.endsWith("-") || s.contains("--")) {
            return "must not start or end with '-' or contain \"--\"";
        }
        return null;
    }

    /** The closest valid DNS-1123 label to {@code s}, for quick fixes. */
    public static String toDns1123Label(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toLowerCase().toCharArray()) {
            b.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ? c : '-');
        }
        String out = b.toString().replaceAll("-{2,}", "-").replaceAll("^-+|-+$", "");
        if (out.length() > 63) {
            out = out.substring(0, 63).replaceAll("-+$", "");
        }
        return out.isEmpty() ? "unnamed" : out;
    }

    /** The closest valid DNS-1123 subdomain to {@code s}. */
    public static String toDns1123Subdomain(String s) {
        StringBuilder out = new StringBuilder();
        for (String part : s.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(toDns1123Label(part));
        }
        String r = out.length() == 0 ? "unnamed" : out.toString();
        return r.length() > 253 ? r.substring(0, 253) : r;
    }

    private static boolean labelChars(String s, boolean upper) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || upper && c >= 'A' && c <= 'Z';
            if (!alnum && (c != '-' || i == 0 || i == n - 1)) {
                return false;
            }
        }
        return n > 0;
    }

    private static boolean qualifiedChars(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alnum && ((c != '-' && c != '_' && c != '.') || i == 0 || i == n - 1)) {
                return false;
            }
        }
        return n > 0;
    }
}
