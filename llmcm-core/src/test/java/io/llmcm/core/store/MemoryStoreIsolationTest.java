package io.llmcm.core.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The hard-isolation contract on {@link MemoryStore}: everything is one map there, and must read back alike. */
class MemoryStoreIsolationTest extends StoreIsolationTest {
    private static final Map<Path, MemoryStore> OPEN = new ConcurrentHashMap<>();

    @Override
    protected Store open(Path dir) {
        return OPEN.computeIfAbsent(dir, d -> new MemoryStore());
    }
}
