package io.llmcm.store.sqlite;

import io.llmcm.core.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The files of the store's hard-isolated tenants, under {@code <store>/tenants/}, one per live
 * dedicated tenant, named by tenant and creation revision (so that a tenant deleted and created
 * again, even within one batch, gets a new file while the old one is still there).
 *
 * <p>Atomicity across files: an append writes the tenant files first, then the main file, whose
 * commit is the one that counts. Opening the store repairs what a crash in between left: rows
 * above the main log's last revision are forgotten, and files of tenants the catalog does not
 * have (deleted, or never created) are destroyed.
 */
final class TenantFiles implements AutoCloseable {
    static final String DIR = "tenants";

    private final Path dir;
    private final String storeName;
    private final Map<String, TenantFile> live = new ConcurrentHashMap<>();

    private TenantFiles(Path dir, String storeName) {
        this.dir = dir;
        this.storeName = storeName;
    }

    /** The dedicated tenants of the main file's catalog, with the revision that created each. */
    static Map<String, Long> catalog(Connection c) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT name, created_revision FROM tenants WHERE isolation = 'dedicated'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /**
     * Opens the files of the catalog's dedicated tenants and repairs the directory (see the class
     * comment).
     */
    static TenantFiles open(Path storeDir, String storeName, Map<String, Long> dedicated, long lastRevision) {
        TenantFiles files = new TenantFiles(storeDir.resolve(DIR), storeName);
        try {
            for (Path f : files.existing()) {
                String name = f.getFileName().toString();
                String[] parts = name.substring(0, name.length() - ".db".length()).split("\\.", 2);
                Long created = parts.length == 2 ? dedicated.get(parts[0]) : null;
                if (created == null || !parts[1].equals(Long.toString(created))) {
                    // a deleted tenant's file (the crash came after the main commit), or one never created
                    TenantFile.openFile(f, parts[0], parts.length == 2 ? parseOr(parts[1]) : 0, storeName).destroy();
                }
            }
            for (Map.Entry<String, Long> d : dedicated.entrySet()) {
                Path expected = files.dir.resolve(TenantFile.fileName(d.getKey(), d.getValue()));
                if (!Files.isRegularFile(expected)) {
                    // an append creates the file before the main file commits the tenant: this is damage
                    throw new StoreException("store " + storeName + ": the file of dedicated tenant '" + d.getKey()
                            + "' (" + expected + ") is missing; restore it from the backup of the store directory");
                }
                TenantFile file = files.create(d.getKey(), d.getValue());
                file.forgetAbove(lastRevision);
            }
            return files;
        } catch (RuntimeException e) {
            files.close();
            throw e;
        }
    }

    private static long parseOr(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private List<Path> existing() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".db")).sorted().toList();
        } catch (IOException e) {
            throw Sql.fileFailure("list tenant files", dir, e);
        }
    }

    /** Opens (creating when missing) a generation's file, and makes it the tenant's live one. */
    private TenantFile create(String tenant, long createdRevision) {
        TenantFile file = openFile(tenant, createdRevision);
        register(file);
        return file;
    }

    /** Opens (creating when missing) a generation's file without making it live (an append not yet committed). */
    TenantFile openFile(String tenant, long createdRevision) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw Sql.fileFailure("create the tenant directory", dir, e);
        }
        return TenantFile.open(dir, tenant, createdRevision, storeName);
    }

    /** Makes a generation the tenant's live one (its creation committed). */
    void register(TenantFile file) {
        live.put(file.tenant, file);
    }

    /** The live file of a dedicated tenant; empty for a shared (or unknown) tenant. */
    Optional<TenantFile> of(String tenant) {
        return Optional.ofNullable(live.get(tenant));
    }

    /** Every live file. */
    List<TenantFile> all() {
        return new ArrayList<>(live.values());
    }

    /** Drops a generation from the live set (when it still is the tenant's live one). */
    void forget(TenantFile file) {
        live.remove(file.tenant, file);
    }

    /**
     * Writes the batch's rows of hard-isolated tenants into their files, creating the files of
     * tenants the batch creates, before the main file commits.
     *
     * @return the files created (not yet live)
     */
    List<TenantFile> write(TenantRouting routing, long last) {
        List<TenantFile> created = new ArrayList<>();
        try {
            for (TenantRouting.Generation g : routing.generations) {
                if (g.deleted) {
                    continue; // its rows are purged, its file (if any) goes after the commit
                }
                TenantFile file = g.existing;
                if (file == null) {
                    file = openFile(g.tenant, g.createdRevision);
                    created.add(file);
                }
                if (!g.rows.isEmpty()) {
                    file.write(g.rows);
                }
            }
            return created;
        } catch (RuntimeException e) {
            undo(routing, created, last);
            throw e;
        }
    }

    /** After a failed append: what the tenant files got above the log's end is forgotten, new files go. */
    void undo(TenantRouting routing, List<TenantFile> created, long last) {
        for (TenantRouting.Generation g : routing.generations) {
            if (g.existing != null && !g.deleted && !g.rows.isEmpty()) {
                try {
                    g.existing.forgetAbove(last);
                } catch (RuntimeException ignored) {
                    // opening the store again forgets them too
                }
            }
        }
        for (TenantFile f : created) {
            try {
                f.destroy();
            } catch (RuntimeException ignored) {
                // not in the catalog: opening the store again destroys it
            }
        }
    }

    /** After the main commit: the files of the tenants the batch deleted go. */
    void destroyDeleted(TenantRouting routing) {
        for (TenantRouting.Generation g : routing.generations) {
            if (g.deleted && g.existing != null) {
                forget(g.existing);
                try {
                    g.existing.destroy();
                } catch (RuntimeException ignored) {
                    // the commit counts; a file of a tenant the catalog lacks goes when the store opens again
                }
            }
        }
    }

    /** The directory that holds the files. */
    Path dir() {
        return dir;
    }

    /** Runs a read on a tenant's file; empty when the file was closed meanwhile (the tenant was deleted) or the work returned null. */
    static <T> Optional<T> readIfOpen(TenantFile file, String what, io.llmcm.store.jdbc.JdbcSql.Work<T> work) {
        try {
            return Optional.ofNullable(file.connections.read(what, work));
        } catch (StoreException e) {
            if (file.connections.isClosed()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        for (TenantFile f : live.values()) {
            f.close();
        }
        live.clear();
    }
}
