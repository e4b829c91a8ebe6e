package io.llmcm.core.llm.routing;

import io.llmcm.core.format.Format;
import io.llmcm.core.validation.ValidationContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** A scope held in maps: configuration values by path and the paths of secrets. */
final class MapContext implements ValidationContext {
    final Map<String, JsonNode> config = new HashMap<>();
    final Set<String> secrets = new HashSet<>();
    private final String path;

    MapContext(String path) {
        this.path = path;
    }

    MapContext with(String path, String yaml) {
        config.put(path, Format.YAML.read(yaml));
        return this;
    }

    MapContext secret(String path) {
        secrets.add(path);
        return this;
    }

    MapContext at(String otherPath) {
        MapContext c = new MapContext(otherPath);
        c.config.putAll(config);
        c.secrets.addAll(secrets);
        return c;
    }

    @Override
    public String tenant() {
        return "acme";
    }

    @Override
    public String env() {
        return "prod";
    }

    @Override
    public String service() {
        return "";
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public JsonNode config(String p) {
        return config.get(p);
    }

    @Override
    public boolean hasSecret(String p) {
        return secrets.contains(p);
    }
}
