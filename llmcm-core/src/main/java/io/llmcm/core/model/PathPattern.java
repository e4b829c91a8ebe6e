package io.llmcm.core.model;

import io.llmcm.core.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A glob over key paths: {@code *} matches within one segment, {@code **} (a whole segment)
 * matches zero or more segments. {@code models/**} matches {@code models/openai/gpt-4o} and
 * {@code models} itself; {@code presets/*} matches {@code presets/chat} but not {@code
 * presets/a/b}.
 */
public final class PathPattern {
    private static final Pattern SEGMENT = Pattern.compile("\\*\\*|[A-Za-z0-9_.*-]{1,128}");

    private final String glob;
    private final Pattern regex;

    private PathPattern(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    public static PathPattern compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new InvalidInputException("pattern is empty; expected a path glob such as models/** or presets/*");
        }
        if (glob.contains("..")) {
            throw new InvalidInputException("pattern '" + glob + "' contains '..', which is not allowed");
        }
        String[] segments = glob.split("/", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (!SEGMENT.matcher(s).matches() || (s.contains("**") && !s.equals("**"))) {
                throw new InvalidInputException("pattern '" + glob + "': segment '" + s
                        + "' is not allowed; use path characters, '*' within a segment, or '**' as a whole segment");
            }
            boolean last = i == segments.length - 1;
            if (s.equals("**")) {
                if (segments.length == 1) {
                    re.append(".*");
                } else if (i == 0) {
                    re.append("(?:[^/]+/)*"); // leading: zero or more segments, each with its '/'
                } else if (last) {
                    re.append("(?:/.*)?"); // trailing: the prefix itself or anything below it
                } else {
                    re.append("(?:/[^/]+)*"); // middle: zero or more segments between
                }
            } else {
                if (i > 0 && !(i == 1 && segments[0].equals("**"))) {
                    re.append('/');
                }
                for (char c : s.toCharArray()) {
                    re.append(c == '*' ? "[^/]*" : Pattern.quote(String.valueOf(c)));
                }
            }
        }
        return new PathPattern(glob, Pattern.compile(re.toString()));
    }

    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    public String glob() {
        return glob;
    }

    @Override
    public String toString() {
        return glob;
    }
}
