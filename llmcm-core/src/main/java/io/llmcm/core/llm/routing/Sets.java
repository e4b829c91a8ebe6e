package io.llmcm.core.llm.routing;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Error-class sets kept in declaration order, so output and equality are stable. */
final class Sets {
    private Sets() {}

    static Set<ErrorClass> sorted(Set<ErrorClass> classes) {
        EnumSet<ErrorClass> s = EnumSet.noneOf(ErrorClass.class);
        s.addAll(classes);
        return Collections.unmodifiableSet(s);
    }
}
