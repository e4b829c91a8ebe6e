package io.llmcm.core.repo;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change a caller wants committed: mutations that land together or not at all, plus
 * compare-and-set preconditions on entry revisions.
 *
 * @param expectations entry → the head revision it must have (0: the entry must not exist)
 */
public record ChangeRequest(String author, String message, List<Mutation> mutations, Map<EntryKey, Long> expectations) {
    public static final int MAX_MESSAGE = 4096;

    public ChangeRequest {
        Objects.requireNonNull(author, "author");
        message = Objects.requireNonNullElse(message, "");
        if (author.isBlank()) {
            throw new InvalidInputException("author is empty");
        }
        if (message.length() > MAX_MESSAGE) {
            throw new InvalidInputException("commit message is " + message.length() + " characters; at most " + MAX_MESSAGE + " are allowed");
        }
        mutations = List.copyOf(mutations);
        expectations = Map.copyOf(expectations);
    }

    public static Builder by(String author) {
        return new Builder(author);
    }

    /** Builds a request step by step. */
    public static final class Builder {
        private final String author;
        private String message = "";
        private final List<Mutation> mutations = new ArrayList<>();
        private final Map<EntryKey, Long> expectations = new LinkedHashMap<>();

        private Builder(String author) {
            this.author = author;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder put(EntryKey key, Value value) {
            return put(key, value, false);
        }

        /** Writes a value; with {@code replace} the layer discards what lower layers set. */
        public Builder put(EntryKey key, Value value, boolean replace) {
            mutations.add(new Mutation.PutEntry(key, value, replace));
            return this;
        }

        public Builder delete(EntryKey key) {
            mutations.add(new Mutation.DeleteEntry(key));
            return this;
        }

        public Builder add(Mutation m) {
            mutations.add(m);
            return this;
        }

        /** Fails the commit unless the entry's head is at {@code revision} (0: absent). */
        public Builder expect(EntryKey key, long revision) {
            if (revision < 0) {
                throw new InvalidInputException("expected revision must be 0 or more, got " + revision);
            }
            expectations.put(key, revision);
            return this;
        }

        public ChangeRequest build() {
            return new ChangeRequest(author, message, mutations, expectations);
        }
    }
}
