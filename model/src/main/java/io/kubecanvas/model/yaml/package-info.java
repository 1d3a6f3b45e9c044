/**
 * The YAML codec of the design: {@link io.kubecanvas.model.yaml.YamlReader} reads any multi-document
 * YAML safely (explicit limits, no types built from tags) into plain trees that keep every value's source
 * position and each document's exact text; {@link io.kubecanvas.model.yaml.YamlWriter} writes trees back in
 * kubectl's style. Failures are {@link io.kubecanvas.model.yaml.YamlException}s with file:line:col and advice.
 */
package io.kubecanvas.model.yaml;
