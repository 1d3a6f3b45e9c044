package io.kubecanvas.emulator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The {@code pod-template-hash} of a Deployment's template and the random name suffixes of generated
 * objects, in Kubernetes' alphabet (no vowels, no 0/1/3, so that names never spell words or look alike).
 *
 * <p>Kubernetes hashes the Go struct with FNV-32a and encodes the decimal digits; the emulator hashes the
 * template's canonical JSON the same way, so the result looks alike and is stable for a template, though
 * not equal to a real cluster's.
 */
final class PodTemplateHash {
    static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PodTemplateHash() {
    }

    static String of(Object templateTree) {
        byte[] bytes;
        try {
            bytes = CANONICAL.writeValueAsBytes(templateTree == null ? "" : templateTree);
        } catch (JsonProcessingException e) {
            bytes = String.valueOf(templateTree).getBytes(StandardCharsets.UTF_8);
        }
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return safeEncode(Long.toString(h & 0xFFFFFFFFL));
    }

    /** Kubernetes' rand.SafeEncodeString: each character mapped into the alphabet. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(ALPHANUMS.charAt(s.charAt(i) % ALPHANUMS.length()));
        }
        return out.toString();
    }

    /** A generateName suffix such as {@code x2k9q}. */
    static String suffix(Random random) {
        char[] c = new char[5];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHANUMS.charAt(random.nextInt(ALPHANUMS.length()));
        }
        return new String(c);
    }
}
