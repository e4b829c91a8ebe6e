package io.llmcm.cli.command;

/** Key paths relative to a prefix, as import and export use them. */
final class Paths {
    private Paths() {}

    /** {@code prefix/relative}; either may be empty. */
    static String join(String prefix, String relative) {
        if (prefix.isEmpty()) {
            return relative;
        }
        return relative.isEmpty() ? prefix : prefix + "/" + relative;
    }

    /** The path below the prefix ("" for the prefix itself); the path must be under it. */
    static String relative(String path, String prefix) {
        if (prefix.isEmpty()) {
            return path;
        }
        return path.equals(prefix) ? "" : path.substring(prefix.length() + 1);
    }
}
