package io.llmcm.cli;

import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options of a write of one value, shared by {@code set} and {@code validate}. */
public final class PutOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "format of VALUE: json (default), yaml, toml, properties, env, or text to store it as text; an @file's format follows its extension")
    String format;

    @Option(names = "--replace", description = "this layer replaces what lower layers set instead of merging into it")
    boolean replace;

    @Option(names = "--if-revision", paramLabel = "REV",
            description = "change only if the entry is at this revision (0: only if it does not exist yet)")
    Long ifRevision;

    /** Adds the put of {@code valueArg} (inline, @file or -) at {@code key}, with its precondition. */
    public ChangeRequest.Builder put(ChangeRequest.Builder request, EntryKey key, String valueArg) {
        request.put(key, Inputs.value(valueArg, format, Context.of(mixee)), replace);
        return expect(request, key);
    }

    /** The value argument (inline, @file or -) read and parsed as {@link #put} reads it. */
    public Value value(String valueArg) {
        return Inputs.value(valueArg, format, Context.of(mixee));
    }

    public boolean replace() {
        return replace;
    }

    /** {@code --if-revision}, or null. */
    public Long ifRevision() {
        return ifRevision;
    }

    /** Adds the deletion of {@code key}, with its precondition. */
    public ChangeRequest.Builder delete(ChangeRequest.Builder request, EntryKey key) {
        return expect(request.delete(key), key);
    }

    private ChangeRequest.Builder expect(ChangeRequest.Builder request, EntryKey key) {
        return ifRevision == null ? request : request.expect(key, ifRevision);
    }
}
