package io.kubecanvas.emulator.control;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.kubecanvas.emulator.state.ClusterState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The kubelet's making of a container's environment (kuberuntime {@code makeEnvironmentVariables}): first each
 * {@code envFrom} source in order (every key of the ConfigMap or Secret, with its {@code prefix}; keys that are
 * not valid variable names are skipped, with kubelet's warning), then {@code env} in order, later names
 * replacing earlier ones; {@code valueFrom.configMapKeyRef}/{@code secretKeyRef} read the Pod's namespace. A
 * missing ConfigMap, Secret or key that is not {@code optional: true} stops the container from being created,
 * with kubelet's words: {@code configmap "cfg" not found}, {@code couldn't find key k in ConfigMap default/cfg}
 * (the Pod waits with reason {@code CreateContainerConfigError}). Secret values are the decoded {@code data}
 * with {@code stringData} on top (the API server merges it into data on write). Field references (downward
 * API) stay for the plan, which knows the Pod's address.
 */
final class ContainerEnv {
    /** kubelet's container waiting reason for a configuration it cannot make. */
    static final String CONFIG_ERROR = "CreateContainerConfigError";
    /** apimachinery's IsEnvVarName: letters, digits, '_', '-', '.', not starting with a digit. */
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    /** The resolved containers, or the first error in the kubelet's order (init containers first). */
    record Result(List<ClusterState.PodContainer> initContainers, List<ClusterState.PodContainer> containers, String error,
                  List<String> warnings) {
    }

    private ContainerEnv() {
    }

    /**
     * @param configMaps (namespace, name) to the ConfigMap, or null when there is none
     * @param secrets    (namespace, name) to the Secret, or null when there is none
     */
    static Result resolve(String namespace, PodSpec spec, BiFunction<String, String, ConfigMap> configMaps,
                          BiFunction<String, String, Secret> secrets) {
        List<String> warnings = new ArrayList<>();
        String[] error = new String[1];
        List<ClusterState.PodContainer> init = resolveAll(namespace, spec == null ? null : spec.getInitContainers(),
                ClusterState.PodContainer.initOf(spec), configMaps, secrets, error, warnings);
        List<ClusterState.PodContainer> apps = resolveAll(namespace, spec == null ? null : spec.getContainers(),
                ClusterState.PodContainer.of(spec), configMaps, secrets, error, warnings);
        return new Result(init, apps, error[0], warnings);
    }

    private static List<ClusterState.PodContainer> resolveAll(String ns, List<Container> specs,
                                                              List<ClusterState.PodContainer> plain,
                                                              BiFunction<String, String, ConfigMap> configMaps,
                                                              BiFunction<String, String, Secret> secrets, String[] error,
                                                              List<String> warnings) {
        if (specs == null) {
            return plain;
        }
        List<ClusterState.PodContainer> out = new ArrayList<>(plain.size());
        for (int i = 0; i < plain.size(); i++) {
            Container c = specs.get(i);
            ClusterState.PodContainer p = plain.get(i);
            if ((c.getEnvFrom() == null || c.getEnvFrom().isEmpty()) && p.env().stream().noneMatch(ContainerEnv::fromObject)) {
                out.add(p);
                continue;
            }
            try {
                out.add(p.withEnv(env(ns, c, configMaps, secrets, warnings)));
            } catch (ConfigError e) {
                if (error[0] == null) {
                    error[0] = e.getMessage();
                }
                out.add(p);
            }
        }
        return out;
    }

    private static boolean fromObject(ClusterState.EnvVar e) {
        return e.valueFrom() != null && (e.valueFrom().startsWith("configMapKeyRef:") || e.valueFrom().startsWith("secretKeyRef:"));
    }

    private static List<ClusterState.EnvVar> env(String ns, Container c, BiFunction<String, String, ConfigMap> configMaps,
                                                 BiFunction<String, String, Secret> secrets, List<String> warnings)
            throws ConfigError {
        Map<String, ClusterState.EnvVar> vars = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                ConfigMap cm = configMaps.apply(ns, name);
                if (cm == null) {
                    if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        continue;
                    }
                    throw new ConfigError("configmap \"" + name + "\" not found");
                }
                addAll(vars, prefix, configMapData(cm), "configMapRef:" + name, "configMap " + ns + "/" + name, warnings);
            } else if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                Secret s = secrets.apply(ns, name);
                if (s == null) {
                    if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        continue;
                    }
                    throw new ConfigError("secret \"" + name + "\" not found");
                }
                addAll(vars, prefix, secretData(s), "secretRef:" + name, "secret " + ns + "/" + name, warnings);
            }
        }
        for (io.fabric8.kubernetes.api.model.EnvVar e : c.getEnv() == null ? List.<io.fabric8.kubernetes.api.model.EnvVar>of() : c.getEnv()) {
            EnvVarSource from = e.getValueFrom();
            String literal = e.getValue() == null ? "" : e.getValue();
            ClusterState.EnvVar v;
            if (!literal.isEmpty() || from == null) {
                v = new ClusterState.EnvVar(e.getName(), literal, null);
            } else if (from.getConfigMapKeyRef() != null) {
                var ref = from.getConfigMapKeyRef();
                boolean optional = Boolean.TRUE.equals(ref.getOptional());
                ConfigMap cm = configMaps.apply(ns, ref.getName());
                if (cm == null) {
                    if (optional) {
                        continue;
                    }
                    throw new ConfigError("configmap \"" + ref.getName() + "\" not found");
                }
                String value = configMapData(cm).get(ref.getKey());
                if (value == null) {
                    if (optional) {
                        continue;
                    }
                    throw new ConfigError("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
                }
                v = new ClusterState.EnvVar(e.getName(), value, "configMapKeyRef:" + ref.getName() + "/" + ref.getKey());
            } else if (from.getSecretKeyRef() != null) {
                var ref = from.getSecretKeyRef();
                boolean optional = Boolean.TRUE.equals(ref.getOptional());
                Secret s = secrets.apply(ns, ref.getName());
                if (s == null) {
                    if (optional) {
                        continue;
                    }
                    throw new ConfigError("secret \"" + ref.getName() + "\" not found");
                }
                String value = secretData(s).get(ref.getKey());
                if (value == null) {
                    if (optional) {
                        continue;
                    }
                    throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
                }
                v = new ClusterState.EnvVar(e.getName(), value, "secretKeyRef:" + ref.getName() + "/" + ref.getKey());
            } else {
                // a field or resource reference: the plan resolves what it can
                v = new ClusterState.EnvVar(e.getName(), null, ClusterState.EnvVar.describe(from));
            }
            vars.remove(v.name()); // a later definition takes the place of an earlier one
            vars.put(v.name(), v);
        }
        return new ArrayList<>(vars.values());
    }

    private static void addAll(Map<String, ClusterState.EnvVar> vars, String prefix, Map<String, String> data, String source,
                               String what, List<String> warnings) {
        List<String> invalid = new ArrayList<>();
        for (var d : new TreeMap<>(data).entrySet()) {
            String name = prefix + d.getKey();
            if (!ENV_NAME.matcher(name).matches()) {
                invalid.add(name);
                continue;
            }
            vars.remove(name);
            vars.put(name, new ClusterState.EnvVar(name, d.getValue(), source));
        }
        if (!invalid.isEmpty()) {
            warnings.add("Keys [" + String.join(", ", invalid) + "] from the EnvFrom " + what
                    + " were skipped since they are considered invalid environment variable names.");
        }
    }

    /** A ConfigMap's data (binaryData is not text and is not offered as variables, as the kubelet does). */
    static Map<String, String> configMapData(ConfigMap cm) {
        return cm.getData() == null ? Map.of() : cm.getData();
    }

    /** A Secret's values: data decoded from base64, with stringData over it (as the API server stores it). */
    static Map<String, String> secretData(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, b64) -> {
                try {
                    out.put(k, new String(Base64.getMimeDecoder().decode(b64 == null ? "" : b64), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    out.put(k, ""); // the validator reports the bad base64; the container gets an empty value
                }
            });
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    private static final class ConfigError extends Exception {
        ConfigError(String message) {
            super(message, null, false, false);
        }
    }
}
