package io.kubecanvas.model.yaml;

import io.kubecanvas.model.SourcePosition;
import io.kubecanvas.model.Trees;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.resolver.Resolver;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds plain trees straight from SnakeYAML's parser events, with no node graph in between (composing the
 * graph was half of the reading time). Every value gets its position; duplicate keys, aliases (with their
 * expansion counted against {@link YamlReader#MAX_ALIAS_EXPANSION}), merge keys and the nesting depth are
 * handled here, each failure a {@link YamlException} with a position and what to do.
 *
 * <p>Design notes. An anchored collection records the positions of its values relative to itself while it is
 * built, so an alias (or a merge key) gets a deep copy of the value and the positions of the original text,
 * as before; with no anchor open nothing is recorded, which is the common case. Scalars other than plain
 * strings are resolved and constructed by SnakeYAML's own safe constructor, so 0x1F, 1_000 or .inf mean what
 * they meant.
 *
 * <p>Positions come in two ways. By default ({@code byPath} false) each value's line and column are appended to an
 * array in reading order, which is the tree's order, and {@link TreePositions} answers lookups by path from it, so
 * no path string is made while reading. Anchors and merge keys put values where the text does not have them, so
 * a document with one throws {@link #NEEDS_PATHS} and the caller reads the text again with {@code byPath} true,
 * which records every path as it goes, as before.
 */
final class EventTreeBuilder {
    /** One document as built. */
    record Root(Object tree, Map<String, SourcePosition> positions, List<YamlWarning> warnings, Mark start, Mark end,
                boolean emptyNull) {
    }

    /** An anchored value: what an alias copies, with its positions relative to it and its count of values. */
    private static final class Anchored {
        Object value;
        final List<String> relPaths = new ArrayList<>();
        final List<SourcePosition> relPositions = new ArrayList<>();
        final String base;
        int count;
        boolean open = true;

        Anchored(String base) {
            this.base = base;
        }
    }

    private static final Set<String> STANDARD_TAGS = Set.of(Tag.STR.getValue(), Tag.INT.getValue(), Tag.FLOAT.getValue(),
            Tag.BOOL.getValue(), Tag.NULL.getValue(), Tag.TIMESTAMP.getValue(), Tag.BINARY.getValue(), Tag.SEQ.getValue(),
            Tag.MAP.getValue(), Tag.MERGE.getValue(), Tag.OMAP.getValue(), Tag.PAIRS.getValue(), Tag.SET.getValue());

    /**
     * Thrown on the first anchor or merge key when positions are kept in reading order: read again by path.
     * Carries no stack, and no message: it never reaches a user.
     */
    static final RuntimeException NEEDS_PATHS = new RuntimeException("anchors need positions by path", null, false, false) {
    };

    private final String name;
    private final int lineOffset;
    private final Parser parser;
    private final boolean byPath;
    /**
     * Line, column and end of each value of the current document, in reading order (when not by path): the end is
     * the number of the first value after it and all it holds ({@link TreePositions#STRIDE} numbers a value).
     */
    private int[] lineColumn = new int[384];
    private int values;
    /**
     * One string for each key and short text read more than once: a file of manifests repeats the same few hundred
     * keys and values, and one copy of each halves the memory the trees take (and the garbage collector's copying).
     */
    private final Map<String, String> texts = new HashMap<>();
    private static final int SHARED_TEXT_LENGTH = 24;
    private final Resolver resolver = new Resolver();
    private final Scalars scalars = new Scalars();
    private final Map<String, Anchored> anchors = new HashMap<>();
    /** Anchored collections being built: each records what is added below it. */
    private final List<Anchored> recording = new ArrayList<>();
    private Map<String, SourcePosition> positions;
    private List<YamlWarning> warnings;
    private int budget;
    private int collectionAliases;

    EventTreeBuilder(String name, int lineOffset, Parser parser, boolean byPath) {
        this.name = name;
        this.lineOffset = lineOffset;
        this.parser = parser;
        this.byPath = byPath;
    }

    SourcePosition pos(Mark mark) {
        return mark == null ? new SourcePosition(name, 0, 0)
                : new SourcePosition(name, mark.getLine() + 1 + lineOffset, mark.getColumn() + 1);
    }

    /** Every document of the stream. */
    List<Root> readAll() throws YamlException {
        List<Root> out = new ArrayList<>();
        parser.getEvent(); // stream start
        while (!parser.checkEvent(Event.ID.StreamEnd)) {
            parser.getEvent(); // document start
            anchors.clear();
            recording.clear();
            budget = YamlReader.MAX_ALIAS_EXPANSION;
            positions = byPath ? new HashMap<>() : null;
            values = 0;
            warnings = new ArrayList<>();
            Event first = parser.peekEvent();
            record("", first.getStartMark());
            Object tree = value("", 0);
            Mark end = lastEnd;
            boolean emptyNull = first instanceof ScalarEvent s && s.getValue().isEmpty() && tree == null
                    && s.getImplicit().canOmitTagInPlainScalar();
            parser.getEvent(); // document end
            Map<String, SourcePosition> where = byPath ? positions
                    : new TreePositions(name, tree, java.util.Arrays.copyOf(lineColumn, TreePositions.STRIDE * values));
            out.add(new Root(tree, where, warnings, first.getStartMark(), end, emptyNull));
        }
        parser.getEvent(); // stream end
        return out;
    }

    /** The end mark of the last value built. */
    private Mark lastEnd;

    /** The position of the value at {@code path} (null when not by path: the next value in reading order). */
    private void record(String path, Mark mark) {
        if (!byPath) {
            int at = TreePositions.STRIDE * values;
            if (at + TreePositions.STRIDE > lineColumn.length) {
                lineColumn = java.util.Arrays.copyOf(lineColumn, 2 * lineColumn.length);
            }
            lineColumn[at] = mark.getLine() + 1 + lineOffset;
            lineColumn[at + 1] = mark.getColumn() + 1;
            lineColumn[at + 2] = ++values; // a scalar's; a collection's is set when it ends
            return;
        }
        record(path, pos(mark));
    }

    private void record(String path, SourcePosition p) {
        if (positions.putIfAbsent(path, p) == null) {
            for (Anchored a : recording) {
                a.relPaths.add(path.substring(a.base.length()));
                a.relPositions.add(p);
            }
        }
    }

    private void count(int n) {
        for (Anchored a : recording) {
            a.count += n;
        }
    }

    private Object value(String path, int depth) throws YamlException {
        Event e = parser.getEvent();
        if (e instanceof AliasEvent alias) {
            return alias(alias, path);
        }
        String anchor = ((NodeEvent) e).getAnchor();
        Anchored a = null;
        if (anchor != null) {
            if (!byPath) {
                throw NEEDS_PATHS;
            }
            a = new Anchored(path);
            anchors.put(anchor, a);
            recording.add(a);
        }
        Object v;
        try {
            if (e instanceof ScalarEvent s) {
                v = scalar(s);
                lastEnd = s.getEndMark();
                count(1);
            } else if (e instanceof SequenceStartEvent seq) {
                v = sequence(seq, path, depth + 1);
            } else if (e instanceof MappingStartEvent map) {
                v = mapping(map, path, depth + 1);
            } else {
                throw new YamlException(pos(e.getStartMark()), "unexpected " + e.getEventId() + "; fix the YAML syntax at this place");
            }
        } finally {
            if (a != null) {
                recording.remove(recording.size() - 1);
                a.open = false;
            }
        }
        if (a != null) {
            a.value = v;
        }
        return v;
    }

    private Object alias(AliasEvent alias, String path) throws YamlException {
        Anchored a = anchors.get(alias.getAnchor());
        if (a == null) {
            throw new YamlException(pos(alias.getStartMark()), YamlReader.friendly("found undefined alias " + alias.getAnchor()));
        }
        lastEnd = alias.getEndMark();
        if (a.open) {
            throw new YamlException(pos(alias.getStartMark()),
                    "an alias (*) refers to a collection that contains it, which would never end; remove the alias");
        }
        if (!(a.value instanceof Map<?, ?>) && !(a.value instanceof List<?>)) {
            count(1);
            return a.value;
        }
        if (++collectionAliases > YamlReader.MAX_ALIASES) {
            throw new YamlException(pos(alias.getStartMark()), YamlReader.friendly("Number of aliases for non-scalar nodes exceeds"));
        }
        expand(a, alias.getStartMark());
        for (int i = 0; i < a.relPaths.size(); i++) {
            String rel = a.relPaths.get(i);
            record(rebase(path, rel), a.relPositions.get(i));
        }
        return Trees.deepCopy(a.value);
    }

    private void expand(Anchored a, Mark at) throws YamlException {
        budget -= a.count;
        count(a.count);
        if (budget < 0) {
            throw new YamlException(pos(at), "aliases (*) expand this document to more than " + YamlReader.MAX_ALIAS_EXPANSION
                    + " values (an alias bomb?); remove the anchors (&) and aliases (*) and write the values out");
        }
    }

    /** A path below {@code base} written relative to it ({@code .a.b}, {@code [0]}, {@code ["x.y"]}) put below {@code path}. */
    private static String rebase(String path, String rel) {
        return path.isEmpty() && rel.startsWith(".") ? rel.substring(1) : path + rel;
    }

    private void enter(CollectionStartEvent e, int depth) throws YamlException {
        if (depth > YamlReader.MAX_NESTING_DEPTH) {
            throw new YamlException(pos(e.getStartMark()), "the YAML is nested more than " + YamlReader.MAX_NESTING_DEPTH
                    + " levels deep; flatten it (no Kubernetes object needs that many)");
        }
        noteTag(e.getTag(), e.getStartMark());
        count(1);
    }

    private List<Object> sequence(SequenceStartEvent start, String path, int depth) throws YamlException {
        enter(start, depth);
        List<Object> list = new ArrayList<>();
        int index = values - 1; // this sequence's own value, when not by path
        int i = 0;
        while (!parser.checkEvent(Event.ID.SequenceEnd)) {
            String p = byPath ? YamlPath.index(path, i++) : null;
            record(p, parser.peekEvent().getStartMark());
            list.add(value(p, depth));
        }
        lastEnd = parser.getEvent().getEndMark();
        ended(index);
        return list;
    }

    private Map<String, Object> mapping(MappingStartEvent start, String path, int depth) throws YamlException {
        enter(start, depth);
        Map<String, Object> out = new LinkedHashMap<>();
        int index = values - 1; // this mapping's own value, when not by path
        List<Anchored> merged = null;
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            Event k = parser.peekEvent();
            if (k instanceof ScalarEvent ks && isMergeKey(ks)) {
                if (!byPath) {
                    throw NEEDS_PATHS;
                }
                parser.getEvent();
                if (merged == null) {
                    merged = new ArrayList<>();
                }
                mergeBase = path;
                mergeSources(merged, depth);
                continue;
            }
            String key = key();
            if (out.containsKey(key)) {
                int firstLine = byPath ? positions.get(YamlPath.key(path, key)).line() : firstLine(out, key, index);
                throw new YamlException(pos(k.getStartMark()), "duplicate key '" + key + "' (first at line " + firstLine
                        + "); remove one of them");
            }
            String p = byPath ? YamlPath.key(path, key) : null;
            record(p, k.getStartMark());
            out.put(key, value(p, depth));
        }
        lastEnd = parser.getEvent().getEndMark();
        ended(index);
        if (merged != null) {
            // Keys written in the mapping win over merged ones; among merged maps, the first one wins.
            for (Anchored source : merged) {
                if (!(source.value instanceof Map<?, ?> m)) {
                    continue;
                }
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    if (out.containsKey(key)) {
                        continue;
                    }
                    out.put(key, Trees.deepCopy(e.getValue()));
                    String rel = YamlPath.key("", key);
                    String relDot = rel.startsWith("[") ? rel : "." + rel;
                    for (int i = 0; i < source.relPaths.size(); i++) {
                        String r = source.relPaths.get(i);
                        if (r.equals(relDot) || r.startsWith(relDot + ".") || r.startsWith(relDot + "[")) {
                            record(rebase(path, r), source.relPositions.get(i));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The collection read as value number {@code index} has ended: what it holds ends here too. */
    private void ended(int index) {
        if (!byPath) {
            lineColumn[TreePositions.STRIDE * index + 2] = values;
        }
    }

    /** The line of {@code key} in a mapping being read, whose own value is number {@code index} in reading order. */
    private int firstLine(Map<String, Object> map, String key, int index) {
        int i = index + 1;
        for (String k : map.keySet()) {
            if (k.equals(key)) {
                return lineColumn[TreePositions.STRIDE * i];
            }
            i = lineColumn[TreePositions.STRIDE * i + 2];
        }
        throw new IllegalStateException("no key " + key);
    }

    private boolean isMergeKey(ScalarEvent s) {
        return s.getImplicit().canOmitTagInPlainScalar() && s.getTag() == null && "<<".equals(s.getValue());
    }

    /** The maps a merge key names: an alias, an inline map, or a list of those. */
    /** The path of the mapping whose merge key is being read (inline merged maps are built below it). */
    private String mergeBase = "";

    private void mergeSources(List<Anchored> into, int depth) throws YamlException {
        Event e = parser.peekEvent();
        if (e instanceof SequenceStartEvent) {
            parser.getEvent();
            while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                mergeSource(into, depth);
            }
            parser.getEvent();
        } else {
            mergeSource(into, depth);
        }
    }

    private void mergeSource(List<Anchored> into, int depth) throws YamlException {
        Event e = parser.peekEvent();
        if (e instanceof AliasEvent alias) {
            parser.getEvent();
            Anchored a = anchors.get(alias.getAnchor());
            if (a == null) {
                throw new YamlException(pos(alias.getStartMark()), YamlReader.friendly("found undefined alias " + alias.getAnchor()));
            }
            if (a.open) {
                throw new YamlException(pos(alias.getStartMark()),
                        "an alias (*) refers to a collection that contains it, which would never end; remove the alias");
            }
            if (!(a.value instanceof Map<?, ?>)) {
                throw new YamlException(pos(alias.getStartMark()), "a merge key (<<) must name a map");
            }
            expand(a, alias.getStartMark());
            into.add(a);
        } else if (e instanceof MappingStartEvent) {
            String base = YamlPath.key(mergeBase, "<<");
            Anchored inline = new Anchored(base);
            recording.add(inline);
            try {
                inline.value = value(base, depth);
            } finally {
                recording.remove(recording.size() - 1);
                inline.open = false;
            }
            into.add(inline);
        } else {
            throw new YamlException(pos(e.getStartMark()), "a merge key (<<) must name a map");
        }
    }

    /** A mapping key: plain text (a scalar, or an alias of one). */
    private String key() throws YamlException {
        Event e = parser.getEvent();
        if (e instanceof ScalarEvent s) {
            Object k = scalar(s);
            return k instanceof String text ? text : k == null ? "null" : shared(String.valueOf(k));
        }
        if (e instanceof AliasEvent a) {
            Anchored an = anchors.get(a.getAnchor());
            if (an != null && !an.open && !(an.value instanceof Map<?, ?>) && !(an.value instanceof List<?>)) {
                return an.value == null ? "null" : String.valueOf(an.value);
            }
        }
        throw new YamlException(pos(e.getStartMark()),
                "a key must be plain text, not a list or a map; write the key as text (in quotes if needed)");
    }

    /** Tags other than the standard ones are ignored (no type is built from them), with a warning. */
    private void noteTag(String tag, Mark at) {
        if (tag == null || tag.equals("!") || STANDARD_TAGS.contains(tag)) {
            return;
        }
        String shown = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
        if (warnings.size() < 100) {
            warnings.add(new YamlWarning(pos(at), "the tag " + shown
                    + " is ignored and the value read as plain data; Kubernetes does not use YAML tags, remove it"));
        }
    }

    private Object scalar(ScalarEvent s) {
        String explicit = s.getTag();
        String value = s.getValue();
        if (explicit == null || explicit.equals("!")) {
            if (!s.getImplicit().canOmitTagInPlainScalar()) {
                return shared(value); // quoted: a string
            }
            Object quick = plain(value);
            return quick == value ? shared(value) : quick != UNDECIDED ? quick : resolved(value);
        }
        noteTag(explicit, s.getStartMark());
        if (!STANDARD_TAGS.contains(explicit)) {
            return value; // a local tag such as !Ref, or !!python/object: no type is built; the text is kept
        }
        return constructed(new Tag(explicit), value);
    }

    private String shared(String text) {
        if (text.length() > SHARED_TEXT_LENGTH) {
            return text;
        }
        String first = texts.putIfAbsent(text, text);
        return first != null ? first : text;
    }

    /** A plain scalar as SnakeYAML's resolver and safe constructor read it. */
    Object resolved(String value) {
        return constructed(resolver.resolve(NodeId.scalar, value, true), value);
    }

    private Object constructed(Tag tag, String value) {
        if (tag.equals(Tag.STR)) {
            return value;
        }
        return scalars.construct(new ScalarNode(tag, value, null, null, DumperOptions.ScalarStyle.PLAIN));
    }

    static final Object UNDECIDED = new Object();
    /** The words the resolver's boolean and null patterns match (YAML 1.1), whole: {@code ^(?:yes|Yes|...)$}. */
    private static final Set<String> BOOL_AND_NULL_WORDS = Set.of("yes", "Yes", "YES", "no", "No", "NO", "true", "True",
            "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL");

    /**
     * The plain scalars most manifests are made of, resolved without the resolver's regular expressions and exactly
     * as it resolves them: it tries a type only when the text starts with one of that type's first characters, and
     * the patterns of booleans and nulls are lists of words. Decimal numbers of up to 18 digits are longs.
     * {@link #UNDECIDED} leaves the rest to the resolver.
     */
    static Object plain(String v) {
        int n = v.length();
        if (n == 0) {
            return UNDECIDED;
        }
        char c = v.charAt(0);
        if (c >= '0' && c <= '9') {
            if (n > 18 || (c == '0' && n > 1)) {
                return UNDECIDED;
            }
            long x = 0;
            for (int i = 0; i < n; i++) {
                char d = v.charAt(i);
                if (d < '0' || d > '9') {
                    return UNDECIDED;
                }
                x = x * 10 + (d - '0');
            }
            return x;
        }
        if ("yYnNtTfFoO".indexOf(c) >= 0) {
            return n > 5 || !BOOL_AND_NULL_WORDS.contains(v) ? v : UNDECIDED;
        }
        return "-+.<~!&*".indexOf(c) >= 0 ? UNDECIDED : v;
    }

    /** SnakeYAML's safe constructor for the scalars that are not plain strings; timestamps and binary stay text. */
    private static final class Scalars extends SafeConstructor {
        Scalars() {
            super(YamlReader.loaderOptions());
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
            this.yamlConstructors.put(Tag.BINARY, new ConstructYamlStr());
        }

        Object construct(ScalarNode s) {
            Object v;
            try {
                v = constructObject(s);
            } catch (RuntimeException e) {
                return s.getValue();
            }
            if (v instanceof Integer i) {
                return i.longValue();
            }
            if (v instanceof BigInteger b) {
                return b.bitLength() < 64 ? (Object) b.longValue() : s.getValue();
            }
            if (v instanceof Float f) {
                return f.doubleValue();
            }
            if (v instanceof byte[]) {
                return s.getValue();
            }
            return v;
        }
    }
}
