package io.kubecanvas.model.yaml;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes a plain tree (maps, lists, scalars) as block YAML in the style kubectl prints: two-space
 * indentation, list dashes indented under their key, keys in the tree's order, strings quoted only where
 * YAML would otherwise read them as something else.
 */
public final class YamlWriter {
    private static final ThreadLocal<Yaml> YAML = ThreadLocal.withInitial(YamlWriter::create);

    private YamlWriter() {
    }

    private static Yaml create() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setPrettyFlow(true);
        options.setWidth(4096);
        options.setSplitLines(false);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        Representer representer = new Representer(options);
        return new Yaml(representer, options);
    }

    /** One document, without a separator line, ending with a newline. */
    public static String write(Object tree) {
        return YAML.get().dump(tree);
    }
}
