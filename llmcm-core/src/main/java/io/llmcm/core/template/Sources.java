package io.llmcm.core.template;

import io.llmcm.core.model.Names;

/**
 * The {@code from} of a configuration template's variable: where an instantiation takes a value
 * nobody gave. {@code environment}: the target environment's name; {@code tenant}: the target
 * tenant's name; {@code config:<path>} or {@code config:<path>#/pointer}: an effective value read
 * at the target scope.
 */
public final class Sources {
    public static final String ENVIRONMENT = "environment";
    public static final String TENANT = "tenant";
    public static final String CONFIG = "config:";

    private Sources() {}

    public static boolean isValid(String from) {
        if (from == null) {
            return false;
        }
        if (from.equals(ENVIRONMENT) || from.equals(TENANT)) {
            return true;
        }
        if (!from.startsWith(CONFIG)) {
            return false;
        }
        String rest = from.substring(CONFIG.length());
        int hash = rest.indexOf('#');
        String path = hash < 0 ? rest : rest.substring(0, hash);
        String pointer = hash < 0 ? "" : rest.substring(hash + 1);
        return Names.isValidPath(path) && (pointer.isEmpty() || pointer.startsWith("/"));
    }

    /** The key path of a {@code config:} source. */
    public static String configPath(String from) {
        String rest = from.substring(CONFIG.length());
        int hash = rest.indexOf('#');
        return hash < 0 ? rest : rest.substring(0, hash);
    }

    /** The JSON pointer of a {@code config:} source, "" for the whole value. */
    public static String configPointer(String from) {
        String rest = from.substring(CONFIG.length());
        int hash = rest.indexOf('#');
        return hash < 0 ? "" : rest.substring(hash + 1);
    }
}
