package io.llmcm.store.sqlite;

import io.llmcm.core.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive OS lock on a store directory's {@code LOCK} file, held from open to close so that
 * two processes never write one store.
 */
final class StoreLock implements AutoCloseable {
    static final String FILE = "LOCK";

    /**
     * Directories locked by this JVM. POSIX locks belong to the process, and closing any channel on
     * the file drops them all, so a second open in this JVM must fail before it opens the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    static StoreLock acquire(Path dir, Duration wait) {
        Path key = canonical(dir);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!HELD.add(key)) {
            pauseOrGiveUp(dir, deadline);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new StoreLock(key, channel, lock);
                }
                pauseOrGiveUp(dir, deadline);
            }
        } catch (IOException e) {
            release(key, channel);
            throw Sql.fileFailure("lock store", dir, e);
        } catch (RuntimeException e) {
            release(key, channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held elsewhere in this JVM: same answer as another process holding it
        }
    }

    private static void pauseOrGiveUp(Path dir, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new StoreException("store " + dir + " is in use by another process");
        }
        try {
            Thread.sleep(Math.max(1, Math.min(50, left / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the lock on store " + dir);
        }
    }

    private static Path canonical(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private static void release(Path key, FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing was locked through this channel, or closing releases it anyway
        } finally {
            HELD.remove(key);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases the lock in any case
        }
        release(key, channel);
    }
}
