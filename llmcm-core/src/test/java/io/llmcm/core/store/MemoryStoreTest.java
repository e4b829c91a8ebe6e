package io.llmcm.core.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The conformance suite on {@link MemoryStore}, so that the store core's engine tests run on
 * behaves like a real one. "Reopening" a directory gives back the same instance.
 */
class MemoryStoreTest extends StoreConformanceTest {
    private static final Map<Path, MemoryStore> OPEN = new ConcurrentHashMap<>();

    @Override
    protected Store open(Path dir) {
        return OPEN.computeIfAbsent(dir, d -> new MemoryStore());
    }
}
