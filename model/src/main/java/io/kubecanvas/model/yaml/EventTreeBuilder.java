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

    private final String name;
    private final int lineOffset;
    private final Parser parser;
    private final Resolver resolver = new Resolver();
    private final Scalars scalars = new Scalars();
    private final Map<String, Anchored> anchors = new HashMap<>();
    /** Anchored collections being built: each records what is added below it. */
    private final List<Anchored> recording = new ArrayList<>();
    private Map<String, SourcePosition> positions;
    private List<YamlWarning> warnings;
    private int budget;
    private int collectionAliases;

    EventTreeBuilder(String name, int lineOffset, Parser parser) {
        this.name = name;
        this.lineOffset = lineOffset;
        this.parser = parser;
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
            positions = new HashMap<>();
            warnings = new ArrayList<>();
            Event first = parser.peekEvent();
            positions.put("", pos(first.getStartMark()));
            Object tree = value("", 0);
            Mark end = lastEnd;
            boolean emptyNull = first instanceof ScalarEvent s && s.getValue().isEmpty() && tree == null
                    && s.getImplicit().canOmitTagInPlainScalar();
            parser.getEvent(); // document end
            out.add(new Root(tree, positions, warnings, first.getStartMark(), end, emptyNull));
        }
        parser.getEvent(); // stream end
        return out;
    }

    /** The end mark of the last value built. */
    private Mark lastEnd;

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
        int i = 0;
        while (!parser.checkEvent(Event.ID.SequenceEnd)) {
            String p = YamlPath.index(path, i++);
            record(p, pos(parser.peekEvent().getStartMark()));
            list.add(value(p, depth));
        }
        lastEnd = parser.getEvent().getEndMark();
        return list;
    }

    private Map<String, Object> mapping(MappingStartEvent start, String path, int depth) throws YamlException {
        enter(start, depth);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, SourcePosition> seen = new HashMap<>();
        List<Anchored> merged = null;
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            Event k = parser.peekEvent();
            if (k instanceof ScalarEvent ks && isMergeKey(ks)) {
                parser.getEvent();
                if (merged == null) {
                    merged = new ArrayList<>();
                }
                mergeBase = path;
                mergeSources(merged, depth);
                continue;
            }
            String key = key();
            SourcePosition here = pos(k.getStartMark());
            SourcePosition first = seen.putIfAbsent(key, here);
            if (first != null) {
                throw new YamlException(here, "duplicate key '" + key + "' (first at line " + first.line() + "); remove one of them");
            }
            String p = YamlPath.key(path, key);
            record(p, here);
            out.put(key, value(p, depth));
        }
        lastEnd = parser.getEvent().getEndMark();
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
            return k == null ? "null" : String.valueOf(k);
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
        Tag tag;
        if (explicit == null || explicit.equals("!")) {
            if (!s.getImplicit().canOmitTagInPlainScalar()) {
                return value; // quoted: a string
            }
            tag = resolver.resolve(NodeId.scalar, value, true);
        } else {
            noteTag(explicit, s.getStartMark());
            if (!STANDARD_TAGS.contains(explicit)) {
                return value; // a local tag such as !Ref, or !!python/object: no type is built; the text is kept
            }
            tag = new Tag(explicit);
        }
        if (tag.equals(Tag.STR)) {
            return value;
        }
        return scalars.construct(new ScalarNode(tag, value, s.getStartMark(), s.getEndMark(), DumperOptions.ScalarStyle.PLAIN));
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
