package io.llmcm.core.repo;

import io.llmcm.core.model.PathPattern;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.validation.CompiledSchema;

/**
 * A schema binding whose rules are compiled on first use. Compiling CEL costs milliseconds per
 * binding; a store opened to read one value (every CLI command) should not pay it for every
 * schema it holds. Bindings written through the planner arrive compiled, because compiling is how
 * they are checked.
 */
final class LazySchema {
    private final SchemaBinding binding;
    private final PathPattern pattern;
    private volatile CompiledSchema compiled;

    private LazySchema(SchemaBinding binding, CompiledSchema compiled) {
        this.binding = binding;
        this.pattern = PathPattern.compile(binding.pattern());
        this.compiled = compiled;
    }

    /** A binding read back from the store: it compiled when it was written. */
    static LazySchema stored(SchemaBinding binding) {
        return new LazySchema(binding, null);
    }

    /** A binding being written: compiled now, so a bad schema fails the commit. */
    static LazySchema compile(SchemaBinding binding) {
        return new LazySchema(binding, CompiledSchema.compile(binding));
    }

    SchemaBinding binding() {
        return binding;
    }

    /** Whether a built-in check of the binding reads other entries; known without compiling. */
    boolean readsOtherEntries() {
        for (String name : binding.checks()) {
            if (io.llmcm.core.validation.Checks.named(name).readsOtherEntries()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a change to the entry at {@code path} may change the verdict on the values this
     * binding covers: any entry when a check reads other entries, {@code llm/catalog} when a rule
     * reads the model catalog (compiles the binding only for that path).
     */
    boolean readsEntry(String path) {
        return readsOtherEntries()
                || (io.llmcm.core.llm.ModelCatalog.PATH.equals(path) && compiled().readsCatalog());
    }

    boolean appliesTo(String path) {
        return pattern.matches(path);
    }

    CompiledSchema compiled() {
        CompiledSchema c = compiled;
        if (c == null) {
            synchronized (this) {
                c = compiled;
                if (c == null) {
                    c = CompiledSchema.compile(binding);
                    compiled = c;
                }
            }
        }
        return c;
    }
}
