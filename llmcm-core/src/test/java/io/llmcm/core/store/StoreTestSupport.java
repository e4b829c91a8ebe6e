package io.llmcm.core.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Opens a fresh store in a temporary directory for every test, and can reopen it. */
public abstract class StoreTestSupport {
    @TempDir
    protected Path dir;

    protected Store store;

    /** Opens (or reopens) the store kept in {@code dir}. */
    protected abstract Store open(Path dir);

    @BeforeEach
    void openStore() {
        store = open(dir);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected void reopen() {
        store.close();
        store = open(dir);
    }
}
