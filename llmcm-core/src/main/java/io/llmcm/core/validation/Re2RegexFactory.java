package io.llmcm.core.validation;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * Runs the {@code pattern} and {@code patternProperties} keywords on RE2 (re2j, which CEL already
 * brings) instead of {@code java.util.regex}.
 *
 * <p>Why: validation runs inside the commit path, and a backtracking engine lets one schema
 * author plus one crafted value stall a writer thread (ReDoS). RE2 matches in linear time. The
 * price is that look-around and back-references, which ECMA-262 has and RE2 lacks, are rejected
 * when the schema is set, with a clear message.
 */
final class Re2RegexFactory implements RegularExpressionFactory {
    static final Re2RegexFactory INSTANCE = new Re2RegexFactory();

    private Re2RegexFactory() {}

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern compiled;
        try {
            compiled = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription()
                    + " (RE2 syntax: no look-around or back-references)");
        }
        // JSON Schema patterns are not anchored: a match anywhere in the string counts.
        return input -> compiled.matcher(input).find();
    }
}
