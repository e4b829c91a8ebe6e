package io.llmcm.core.crypto;

import io.llmcm.core.KeyException;
import java.util.Collection;
import java.util.stream.Collectors;

/** Checks the three built-in key providers share. */
final class Providers {
    private Providers() {}

    static void requireType(KekRecord record, String type) {
        if (!record.type().equals(type)) {
            throw new KeyException("this store's master key is of type " + record.type() + ", not " + type);
        }
    }

    static void requireSettled(KekRecord record) {
        if (record.rotating()) {
            throw new KeyException("a master key rotation is unfinished: rewrap the keyrings and retire it before starting another");
        }
    }

    static String list(Collection<Integer> versions) {
        return versions.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
