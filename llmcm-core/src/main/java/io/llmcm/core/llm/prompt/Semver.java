package io.llmcm.core.llm.prompt;

import java.util.regex.Pattern;

/** Semantic versions (semver.org 2.0.0): {@code MAJOR.MINOR.PATCH[-pre][+build]}. */
public final class Semver {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    private Semver() {}

    public static boolean isValid(String version) {
        return version != null && version.length() <= 128 && SEMVER.matcher(version).matches();
    }
}
