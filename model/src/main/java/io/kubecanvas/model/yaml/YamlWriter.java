package io.kubecanvas.model.yaml;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.regex.Pattern;

/**
 * Writes a plain tree (maps, lists, scalars) as block YAML in the style kubectl prints: two-space
 * indentation, list dashes indented under their key, empty collections as {@code {}} and {@code []}, keys in
 * the tree's order ({@link io.kubecanvas.model.KeyOrder} places the keys an edit adds), strings quoted only where
 * a YAML reader would otherwise read them as something else.
 *
 * <p>Design notes. "Something else" is judged for every reader the text meets, not only SnakeYAML's
 * YAML 1.1: kubectl and Helm read with Go YAML, which also takes {@code y}/{@code n} as booleans,
 * {@code 0o17} as an octal number and {@code =} as a special value. Strings like those are quoted too,
 * so an image {@code y} or a label value {@code 0o17} stays a string everywhere.
 */
public final class YamlWriter {
    private static final ThreadLocal<Yaml> YAML = ThreadLocal.withInitial(YamlWriter::create);

    private YamlWriter() {
    }

    /** SnakeYAML's resolver plus the plain scalars Go YAML reads as non-strings. */
    static final class CautiousResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            super.addImplicitResolvers();
            addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:y|Y|n|N)$"), "yYnN");
            addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?0o[0-7_]+$"), "-+0");
            addImplicitResolver(new Tag(Tag.PREFIX + "value"), Pattern.compile("^=$"), "=");
        }
    }

    private static Yaml create() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setPrettyFlow(false); // an empty map is "{}", as kubectl writes it
        options.setWidth(4096);
        options.setSplitLines(false);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        LoaderOptions loader = new LoaderOptions();
        return new Yaml(new SafeConstructor(loader), new Representer(options), options, loader, new CautiousResolver());
    }

    /** One document, without a separator line, ending with a newline. */
    public static String write(Object tree) {
        return YAML.get().dump(tree);
    }
}
