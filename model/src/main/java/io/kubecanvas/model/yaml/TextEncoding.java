package io.kubecanvas.model.yaml;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a manifest file was encoded: UTF-8 with or without a byte order mark, or UTF-16 / UTF-32 with one (the
 * encodings YAML 1.2 allows, section 5.2). A file is written back in the encoding it was read in, BOM
 * included, so an unedited file stays byte-identical; kubectl and kustomize read all of them.
 */
public enum TextEncoding {
    UTF_8(StandardCharsets.UTF_8, new byte[0]),
    UTF_8_BOM(StandardCharsets.UTF_8, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}),
    UTF_16BE(StandardCharsets.UTF_16BE, new byte[]{(byte) 0xFE, (byte) 0xFF}),
    UTF_16LE(StandardCharsets.UTF_16LE, new byte[]{(byte) 0xFF, (byte) 0xFE}),
    UTF_32BE(Charset.forName("UTF-32BE"), new byte[]{0, 0, (byte) 0xFE, (byte) 0xFF}),
    UTF_32LE(Charset.forName("UTF-32LE"), new byte[]{(byte) 0xFF, (byte) 0xFE, 0, 0});

    private final Charset charset;
    private final byte[] bom;

    TextEncoding(Charset charset, byte[] bom) {
        this.charset = charset;
        this.bom = bom;
    }

    public Charset charset() {
        return charset;
    }

    public boolean hasBom() {
        return bom.length > 0;
    }

    /** What the byte order mark says; UTF-8 when there is none. UTF-32LE is tested before UTF-16LE (same start). */
    public static TextEncoding detect(byte[] bytes) {
        for (TextEncoding e : new TextEncoding[]{UTF_32LE, UTF_32BE, UTF_8_BOM, UTF_16LE, UTF_16BE}) {
            if (startsWith(bytes, e.bom)) {
                return e;
            }
        }
        return UTF_8;
    }

    /** The text after the BOM, strictly decoded; throws on bytes that are not of this encoding. */
    public String decode(byte[] bytes) throws CharacterCodingException {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, bom.length, bytes.length - bom.length)).toString();
    }

    /** The bytes of a file in this encoding: the BOM, then the text. */
    public byte[] encode(String text) {
        byte[] body = text.getBytes(charset);
        byte[] out = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, out, 0, bom.length);
        System.arraycopy(body, 0, out, bom.length, body.length);
        return out;
    }

    /** The encoding to write documents from several files in: theirs when they agree, else plain UTF-8. */
    public static TextEncoding common(List<TextEncoding> encodings) {
        TextEncoding found = null;
        for (TextEncoding e : encodings) {
            if (e == null) {
                continue;
            }
            if (found != null && found != e) {
                return UTF_8;
            }
            found = e;
        }
        return found == null ? UTF_8 : found;
    }

    /** How the encoding reads in a message. */
    public String label() {
        return charset.name() + (this == UTF_8_BOM ? " with a byte order mark" : "");
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (prefix.length == 0 || b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
