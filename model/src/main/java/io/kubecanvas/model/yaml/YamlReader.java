package io.kubecanvas.model.yaml;

import io.kubecanvas.model.SourcePosition;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads multi-document YAML safely and without loss.
 *
 * <p>Design notes. SnakeYAML composes the node graph only (no object construction, so no arbitrary
 * types); this class turns nodes into plain maps, lists and scalars itself, which is where it records
 * every value's position and rejects duplicate keys. Limits are explicit: file size, nesting depth,
 * aliases and the number of values a document may expand to (an alias bomb stays small in the node
 * graph and explodes only on expansion, so the expansion is what is counted). Every failure becomes one
 * {@link YamlException} with file, line and column and a sentence that says what to do.
 *
 * <p>Each document keeps its exact source text (lines from its {@code ---} separator up to the next
 * one), so a document nobody edited is written back byte for byte, comments included.
 */
public final class YamlReader {

    /** Files above this size are refused with a message; kubectl's own request limit is 3 MiB. */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** Deep enough for the deepest CRD schemas; far from what a stack or a person would trouble with. */
    public static final int MAX_NESTING_DEPTH = 100;
    /** Aliases of collections per stream (SnakeYAML's own count). */
    public static final int MAX_ALIASES = 100;
    /**
     * Values a document may gain by expanding aliases and merge keys. An alias bomb stays small in the
     * node graph and under {@link #MAX_ALIASES}, and explodes only here. Values written out are bounded by
     * the file size instead.
     */
    public static final int MAX_ALIAS_EXPANSION = 100_000;

    private static final Pattern MARKER = Pattern.compile("^(---|\\.\\.\\.)([ \\t].*)?$");

    private YamlReader() {
    }

    /** Reads a file; positions name it as given ({@code file.toString()}). */
    public static List<YamlDocument> read(Path file) throws YamlException {
        String name = file.toString();
        SourcePosition start = new SourcePosition(name, 1, 1);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Read at most one byte past the limit: the size a file reports is not to be trusted
            // (/dev/zero, a pipe, a file still growing), the bytes read are.
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw new YamlException(start, "cannot read the file: permission denied; check its permissions");
        } catch (NoSuchFileException e) {
            throw new YamlException(start, "no such file; check the path");
        } catch (IOException e) {
            String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
            throw new YamlException(start, "cannot read the file (" + why + "); give a YAML manifest file");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            long size;
            try {
                size = Math.max(Files.size(file), bytes.length);
            } catch (IOException e) {
                size = bytes.length;
            }
            throw new YamlException(start, String.format(
                    "the file is %s, over the %d MB limit for one manifest file; split it into smaller files",
                    size > bytes.length ? String.format("%.1f MB", size / 1024.0 / 1024.0) : "larger than that",
                    MAX_FILE_BYTES / 1024 / 1024));
        }
        TextEncoding encoding = TextEncoding.detect(bytes);
        return read(name, decode(name, bytes, encoding), encoding);
    }

    /** Decodes by the byte order mark (UTF-8 without one) strictly; binary content gets a message instead of mojibake. */
    public static String decode(String name, byte[] bytes) throws YamlException {
        return decode(name, bytes, TextEncoding.detect(bytes));
    }

    private static String decode(String name, byte[] bytes, TextEncoding encoding) throws YamlException {
        if (encoding.charset() != StandardCharsets.UTF_8) {
            try {
                return encoding.decode(bytes);
            } catch (CharacterCodingException e) {
                throw new YamlException(new SourcePosition(name, 1, 1), "the file starts with a " + encoding.label()
                        + " byte order mark but is not valid " + encoding.label() + " text; save it as UTF-8");
            }
        }
        String format = binaryFormat(bytes);
        if (format != null) {
            throw new YamlException(new SourcePosition(name, 1, 1),
                    "this is " + format + ", not a YAML manifest; open a .yaml file instead");
        }
        int limit = Math.min(bytes.length, 8192);
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == 0) {
                boolean utf16 = bytes.length >= 4 && (bytes[0] == 0) != (bytes[1] == 0) && (bytes[2] == 0) != (bytes[3] == 0);
                throw new YamlException(positionOfByte(name, bytes, i), utf16
                        ? "this looks like UTF-16 text without a byte order mark; save it as UTF-8, or as UTF-16 with a BOM"
                        : "this is not a text file (it holds a NUL byte); open a YAML manifest instead");
            }
        }
        try {
            return encoding.decode(bytes);
        } catch (CharacterCodingException e) {
            int bad = firstInvalidUtf8(bytes);
            throw new YamlException(positionOfByte(name, bytes, bad),
                    "the file is not valid UTF-8 text (binary data, or another encoding); save it as UTF-8");
        }
    }

    public static List<YamlDocument> read(String name, String text) throws YamlException {
        return read(name, text, TextEncoding.UTF_8);
    }

    /** Reads text that came from a file in {@code encoding} (the BOM already taken off); the documents remember it. */
    public static List<YamlDocument> read(String name, String text, TextEncoding encoding) throws YamlException {
        if (text.length() > MAX_FILE_BYTES) {
            throw new YamlException(new SourcePosition(name, 1, 1), String.format(
                    "the text is %.1f MB, over the %d MB limit for one manifest; split it",
                    text.length() / 1024.0 / 1024.0, MAX_FILE_BYTES / 1024 / 1024));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new YamlException(positionOfChar(name, text, i),
                        "this is not a text file (it holds a NUL character); open a YAML manifest instead");
            }
        }
        List<int[]> chunks = text.length() < PARALLEL_CHARS ? List.of() : chunks(text);
        if (chunks.size() > 1) {
            try {
                List<YamlDocument> docs = new ArrayList<>();
                chunks.parallelStream().map(c -> {
                    try {
                        return readDocuments(name, text.substring(c[0], c[1]), c[2], encoding);
                    } catch (YamlException e) {
                        throw new ChunkFailed(e);
                    }
                }).toList().forEach(docs::addAll);
                return docs;
            } catch (ChunkFailed e) {
                // Read it all again in one go, so the error is exactly what a reading from the start reports.
            }
        }
        return readDocuments(name, text, 0, encoding);
    }

    /** Texts from this size up are cut into runs of documents read side by side. */
    static final int PARALLEL_CHARS = 256 * 1024;

    private static final class ChunkFailed extends RuntimeException {
        ChunkFailed(YamlException e) {
            super(e.getMessage(), e, false, false);
        }
    }

    /**
     * Runs of whole documents, {start, end, first line}, cut at "---" lines in column 0 (a document marker there
     * always ends the document before it, whatever it holds: YAML 1.2 section 9.1.4). Anchors never cross
     * documents, so each run reads on its own. A run starts with its separator line and holds some content;
     * a text with directives ('%' lines) is not cut.
     */
    static List<int[]> chunks(String text) {
        int parts = Math.max(2, 2 * java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
        int target = Math.max(64 * 1024, text.length() / parts);
        List<int[]> out = new ArrayList<>();
        int chunkStart = 0;
        int chunkLine = 0;
        int line = 0;
        boolean content = false;
        int at = 0;
        int n = text.length();
        while (at < n) {
            int eol = text.indexOf('\n', at);
            int next = eol < 0 ? n : eol + 1;
            char c = text.charAt(at);
            if (c == '%') {
                return List.of();
            }
            boolean separator = c == '-' && text.startsWith("---", at)
                    && (at + 3 == n || " \t\r\n".indexOf(text.charAt(at + 3)) >= 0);
            if (separator && content && at - chunkStart >= target) {
                out.add(new int[]{chunkStart, at, chunkLine});
                chunkStart = at;
                chunkLine = line;
                content = false;
            }
            if (!content && !separator) {
                int k = at;
                while (k < next && Character.isWhitespace(text.charAt(k))) {
                    k++;
                }
                content = k < next && text.charAt(k) != '#';
            }
            at = next;
            line++;
        }
        out.add(new int[]{chunkStart, n, chunkLine});
        return out;
    }

    /**
     * Reads one stream (or a run of whole documents cut out of one, starting {@code lineOffset} lines into the
     * file): positions are the file's.
     */
    static List<YamlDocument> readDocuments(String name, String text, int lineOffset, TextEncoding encoding)
            throws YamlException {
        try {
            return readDocuments(name, text, lineOffset, encoding, false);
        } catch (RuntimeException e) {
            if (e != EventTreeBuilder.NEEDS_PATHS) {
                throw e;
            }
            return readDocuments(name, text, lineOffset, encoding, true);
        }
    }

    /**
     * {@code byPath}: record every value's path while reading (needed for anchors and merge keys), instead of
     * positions in reading order ({@link TreePositions}); both give the same documents, positions and errors.
     */
    static List<YamlDocument> readDocuments(String name, String text, int lineOffset, TextEncoding encoding,
                                            boolean byPath) throws YamlException {
        LoaderOptions options = loaderOptions();
        LastEventParser parser = new LastEventParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
        EventTreeBuilder builder = new EventTreeBuilder(name, lineOffset, parser, byPath);
        List<EventTreeBuilder.Root> roots;
        try {
            roots = builder.readAll();
        } catch (MarkedYAMLException e) {
            throw translate(name, e, parser.openFlow());
        } catch (ReaderException e) {
            int at = e.getPosition();
            int index = at >= 0 && at <= text.codePointCount(0, text.length()) ? text.offsetByCodePoints(0, at) : 0;
            throw new YamlException(positionOfChar(name, text, index), String.format(
                    "the text holds the control character U+%04X, which YAML does not allow (binary data?); remove it",
                    e.getCodePoint()));
        } catch (YAMLException e) {
            // SnakeYAML's own limits carry no position: report where the parser stood.
            throw new YamlException(position(name, parser.lastMark), withAdvice(friendly(e.getMessage())));
        } catch (StackOverflowError e) {
            throw new YamlException(position(name, parser.lastMark),
                    "the YAML is nested too deeply; flatten it (at most " + MAX_NESTING_DEPTH + " levels)");
        }
        Lines lines = new Lines(text);
        List<YamlDocument> docs = new ArrayList<>(roots.size());
        int[] starts = documentStartLines(roots, lines);
        for (int i = 0; i < roots.size(); i++) {
            EventTreeBuilder.Root root = roots.get(i);
            int from = starts[i];
            int to = i + 1 < roots.size() ? starts[i + 1] : lines.count();
            docs.add(new YamlDocument(root.tree(), root.positions(), text.substring(lines.start(from), lines.start(to)),
                    builder.pos(root.start()), root.warnings(), encoding));
        }
        if (roots.isEmpty() && !text.isEmpty()) {
            // A file of comments only: keep its text so that writing it back loses nothing.
            docs.add(new YamlDocument(null, Map.of(), text, new SourcePosition(name, 1 + lineOffset, 1), List.of(), encoding));
        }
        return docs;
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        // Our composer checks MAX_NESTING_DEPTH with a position; SnakeYAML's check stays as a backstop.
        options.setNestingDepthLimit(MAX_NESTING_DEPTH + 10);
        options.setCodePointLimit((int) MAX_FILE_BYTES + 1);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        // Tags never build types here (ValueBuilder makes plain data only), so any tag may be read;
        // unusual ones are reported as warnings instead of failing the whole file.
        options.setTagInspector(tag -> true);
        options.setWrappedToRootException(false);
        return options;
    }

    /** Where each line of a text starts, with its terminator ('\n') counted in the line, as editors count lines. */
    static final class Lines {
        private final String text;
        private int[] starts = new int[64];
        private int count;

        Lines(String text) {
            this.text = text;
            int at = 0;
            int n = text.length();
            while (at < n) {
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, 2 * count);
                }
                starts[count++] = at;
                int eol = text.indexOf('\n', at);
                at = eol < 0 ? n : eol + 1;
            }
        }

        int count() {
            return count;
        }

        /** The offset of line {@code l} (0-based); {@code count()} gives the text's length. */
        int start(int l) {
            return l < count ? starts[l] : text.length();
        }

        /** A document marker ("---" or "...", alone or before a space or tab) is line {@code l}. */
        boolean isMarker(int l) {
            int from = starts[l];
            if (!text.startsWith("---", from) && !text.startsWith("...", from)) {
                return false;
            }
            String line = text.substring(from, start(l + 1));
            String t = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
            if (t.endsWith("\r")) {
                t = t.substring(0, t.length() - 1);
            }
            return MARKER.matcher(t).matches();
        }

        boolean startsWith(int l, String prefix) {
            return text.startsWith(prefix, starts[l]);
        }
    }

    /**
     * The first line of each document's text: the separator line that precedes its root node, found
     * between the previous root's end and this root's start (nothing but comments and markers can stand
     * there). The first document also owns anything before it.
     */
    /** The last column-0 "---" line from {@code from} up to {@code floor}, or -1. */
    private static int separatorAtOrAbove(Lines lines, int from, int floor) {
        for (int l = from; l >= floor; l--) {
            if (lines.isMarker(l) && lines.startsWith(l, "---")) {
                return l;
            }
        }
        return -1;
    }

    private static int[] documentStartLines(List<EventTreeBuilder.Root> roots, Lines lines) {
        int[] starts = new int[roots.size()];
        int previousEnd = 0;
        for (int i = 0; i < roots.size(); i++) {
            EventTreeBuilder.Root root = roots.get(i);
            int rootLine = root.start().getLine();
            int start = i == 0 ? 0 : previousEnd;
            if (i > 0) {
                // The separator that opens this document: the last "---" at or before the root's line. An empty
                // document's root sits on the next document's "---", so its own separator is looked for above first.
                int from = Math.min(rootLine, lines.count() - 1);
                start = -1;
                if (root.emptyNull()) {
                    start = separatorAtOrAbove(lines, from - 1, previousEnd);
                }
                if (start < 0) {
                    start = separatorAtOrAbove(lines, from, previousEnd);
                }
                if (start < 0) {
                    start = previousEnd;
                }
                if (start < previousEnd) {
                    start = previousEnd;
                }
            }
            starts[i] = start;
            Mark end = root.end();
            // The end mark of a block collection sits on the line after its last value.
            int endLine = end.getColumn() == 0 ? end.getLine() : end.getLine() + 1;
            previousEnd = Math.max(start + 1, Math.min(endLine, lines.count()));
            if (root.emptyNull()) {
                // An empty document ends where it starts: its separator line only.
                previousEnd = start + 1;
            }
        }
        return starts;
    }

    static SourcePosition position(String name, Mark mark) {
        return mark == null ? new SourcePosition(name, 0, 0)
                : new SourcePosition(name, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static YamlException translate(String name, MarkedYAMLException e, Event openFlow) {
        Mark problemMark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
        String context = e.getContext() == null ? "" : e.getContext();
        // Something opened and never closed: point at where it was opened, which is where the fix goes.
        boolean atEnd = problem != null && (problem.contains("end of stream") || problem.contains("<stream end>")
                || problem.contains("document start") || problem.contains("document end")
                || problem.contains("document separator"));
        if (atEnd && context.contains("quoted scalar") && e.getContextMark() != null) {
            return new YamlException(position(name, e.getContextMark()), "the quoted text that starts here is never closed"
                    + " (the text ends at " + where(problemMark) + "); add the closing quote");
        }
        boolean wrongClose = problem != null && (problem.startsWith("expected ',' or ']'") || problem.startsWith("expected ',' or '}'"));
        if ((atEnd || wrongClose) && context.contains("flow") && openFlow != null) {
            boolean sequence = openFlow instanceof SequenceStartEvent;
            String open = sequence ? "'['" : "'{'";
            String close = sequence ? "']'" : "'}'";
            Mark at = openFlow.getStartMark();
            if (atEnd) {
                return new YamlException(position(name, at), "the " + open + " here is never closed (the text ends at "
                        + where(problemMark) + "); add the matching " + close);
            }
            return new YamlException(position(name, problemMark), "the " + open + " opened at line " + (at.getLine() + 1)
                    + ", column " + (at.getColumn() + 1) + " is not closed before this; add " + close
                    + " (or a ',' between its items)");
        }
        String message = friendly(context, problem);
        if (!context.isEmpty() && message.equals(problem)) {
            message = context + ": " + message;
        }
        return new YamlException(position(name, problemMark), withAdvice(message));
    }

    /** SnakeYAML's words for the rarer syntax errors, one line, with what to do added. */
    private static String withAdvice(String message) {
        String m = message.replaceAll("\\s*\\R\\s*", " ").strip();
        return m.contains("; ") ? m : m + "; fix the YAML syntax at this place";
    }

    private static String where(Mark m) {
        return m == null ? "its end" : "line " + (m.getLine() + 1);
    }

    /** Turns SnakeYAML's wording into a sentence that says what to do. */
    static String friendly(String problem) {
        if (problem == null) {
            return "the YAML cannot be read";
        }
        String p = problem.trim();
        if (p.contains("\\t(TAB)") || p.contains("'\t'") || p.contains("TAB")) {
            return "a tab character is used for indentation; YAML allows only spaces: replace the tab with spaces";
        }
        if (p.contains("Number of aliases for non-scalar nodes exceeds")) {
            return "too many aliases (more than " + MAX_ALIASES + "); this looks like an alias bomb: remove the anchors (&) and aliases (*)";
        }
        if (p.contains("Nesting Depth exceeded")) {
            return "the YAML is nested more than " + MAX_NESTING_DEPTH + " levels deep; flatten it";
        }
        if (p.contains("code point limit") || p.contains("The incoming YAML document exceeds the limit")) {
            return "the document is too large; split it into smaller files";
        }
        if (p.contains("special characters are not allowed")) {
            return "the text holds control characters that YAML does not allow (binary data?); remove them";
        }
        if (p.contains("mapping values are not allowed here")) {
            return "a ':' appears where a value was expected; check the indentation, or quote the value if it contains ': '";
        }
        if (p.contains("could not find expected ':'")) {
            return "a key has no ':' after it; add ': value', or indent this line under the key it belongs to";
        }
        if (p.startsWith("found undefined alias")) {
            String alias = p.substring("found undefined alias".length()).strip().replace("\"", "");
            return "'*" + alias + "' refers to an anchor '&" + alias + "' that is not defined before it; define the anchor,"
                    + " or put the value in quotes if the '*' is meant as text";
        }
        if (p.startsWith("expected <block end>, but found")) {
            return "the indentation does not match the lines above; align this line with its siblings";
        }
        java.util.regex.Matcher token = CANNOT_START.matcher(p);
        if (token.find()) {
            String c = token.group(1);
            return "'" + c + "' cannot start a value" + ("%".equals(c) ? " (it starts a directive)" : "@".equals(c) || "`".equals(c)
                    ? " (YAML reserves it)" : "") + "; put the value in quotes";
        }
        if (p.startsWith("sequence entries are not allowed here")) {
            return "a list item ('- ') is not allowed here; put it on its own line, indented under its key";
        }
        if (p.startsWith("expected '<document start>'")) {
            return "more text follows the end of the document; check this line's indentation, or put '---' before a new document";
        }
        java.util.regex.Matcher missing = MISSING_NODE.matcher(p);
        if (missing.find()) {
            return "a value is missing before " + missing.group(1) + "; add the value, or remove the " + missing.group(1);
        }
        return p;
    }

    private static final Pattern CANNOT_START = Pattern.compile("found character '(.)' that cannot start any token");
    private static final Pattern MISSING_NODE = Pattern.compile("^expected the node content, but found ('.*')$");

    /** Messages that need SnakeYAML's context ("while scanning an anchor") to be explained. */
    private static String friendly(String context, String problem) {
        String p = problem == null ? "" : problem;
        if (context.contains("scanning an alias") || context.contains("scanning an anchor")) {
            boolean alias = context.contains("alias");
            return "'" + (alias ? "*" : "&") + "' starts " + (alias ? "an alias" : "an anchor")
                    + " and must be followed by its name; put the value in quotes if it is text";
        }
        if (context.contains("scanning a block scalar")) {
            return "after '|' or '>' only '-', '+', a digit or a comment may follow on the same line;"
                    + " start the text on the next line, or put the value in quotes";
        }
        if (context.contains("scanning a directive")) {
            return "a '%' at the start of a line begins a directive; put the value in quotes or remove the '%'";
        }
        return friendly(p);
    }

    /** Names well-known binary formats by their first bytes, so the message can say what the file is. */
    static String binaryFormat(byte[] b) {
        if (startsWith(b, 0x89, 'P', 'N', 'G')) {
            return "a PNG image";
        }
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return "a JPEG image";
        }
        if (startsWith(b, 'G', 'I', 'F', '8')) {
            return "a GIF image";
        }
        if (startsWith(b, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (startsWith(b, 'P', 'K', 3, 4)) {
            return "a zip archive (or a jar, docx, xlsx)";
        }
        if (startsWith(b, 0x1F, 0x8B)) {
            return "a gzip archive (unpack it first)";
        }
        if (startsWith(b, 0x7F, 'E', 'L', 'F')) {
            return "a program (ELF binary)";
        }
        return null;
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static SourcePosition positionOfByte(String name, byte[] bytes, int index) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < index && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
                col = 1;
            } else if ((bytes[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        return new SourcePosition(name, line, col);
    }

    private static SourcePosition positionOfChar(String name, String text, int index) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new SourcePosition(name, line, col);
    }

    private static int firstInvalidUtf8(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            int n = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2 : c >= 0xF0 && c < 0xF5 ? 3 : -1;
            if (n < 0) {
                return i;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += n + 1;
        }
        return Math.max(0, b.length - 1);
    }

    /** Records where the parser stood, so that SnakeYAML's unmarked limit errors still get a position. */
    private static final class LastEventParser implements Parser {
        private final Parser delegate;
        private final java.util.ArrayDeque<Event> open = new java.util.ArrayDeque<>();
        Mark lastMark;

        LastEventParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event e = delegate.getEvent();
            if (e != null) {
                lastMark = e.getStartMark();
                if (e instanceof CollectionStartEvent) {
                    open.push(e);
                } else if (e instanceof CollectionEndEvent && !open.isEmpty()) {
                    open.pop();
                }
            }
            return e;
        }

        /** The innermost collection in flow style ([...] or {...}) still open, or null. */
        Event openFlow() {
            for (Event e : open) {
                if (((CollectionStartEvent) e).isFlow()) {
                    return e;
                }
            }
            return null;
        }
    }
}
