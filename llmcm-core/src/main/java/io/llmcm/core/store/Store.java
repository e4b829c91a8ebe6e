package io.llmcm.core.store;

import io.llmcm.core.model.Commit;
import io.llmcm.core.model.CommitInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable commit log. A store keeps commits and the indexes needed to read history; the
 * semantics (preconditions, validation, resolution) live in core, which keeps the current state in
 * memory and calls {@link #append} from one thread.
 *
 * <p>Every implementation passes {@code StoreConformanceTest} (core's test jar).
 *
 * <p>Thread safety: {@link #append} and {@link #prune} are called by one writer at a time; every
 * read method may be called concurrently with them and with each other.
 */
public interface Store extends AutoCloseable {

    /**
     * Reads everything needed to rebuild the in-memory state: the last revision, the head version
     * of every live entry (deleted entries are left out), tenants and environments in creation
     * order (parents before children), the state and quota of every tenant that has one other than
     * the default (see {@link io.llmcm.core.model.Mutation.SetTenantState} and {@link
     * io.llmcm.core.model.Mutation.SetTenantQuota}; a tenant created anew starts active and
     * unlimited), tags, schemas, custom roles, role bindings and API keys (revoked ones too). An
     * empty store gives revision 0 and empty lists.
     */
    StoreImage load();

    /** The revision of the last durable commit; 0 for an empty store. */
    long lastRevision();

    /**
     * Appends commits atomically and durably: when this returns, all of them survive a crash; when
     * it throws, none of them is visible (unless the failure hid a successful commit, which the
     * caller detects by reading the log: {@link #commitsAfter} its revision. With several writers on
     * one store the revision alone does not tell, since another process may have appended it; the
     * caller compares the commits themselves).
     *
     * <p>A {@link io.llmcm.core.model.Mutation.DeleteTenant} purges, in the same transaction, every
     * version, tag, schema, role, binding, API key, lease and the keyring of that tenant, and the
     * tenant itself with its state and quota, so that nothing of it stays readable in the store.
     * Commits before it (and the mutations before it in its own commit) lose the tenant's entry,
     * tag, schema, role, binding, API key, state and quota mutations in {@link #commitsAfter},
     * as pruned history loses versions; the tenant's creation stays, so a reader replaying the log
     * sees it created, then deleted. What follows the deletion (a re-created tenant) is kept, and
     * so are audit events that name the tenant (they never hold secret values).
     *
     * @param commits consecutive revisions, the first being {@code lastRevision() + 1}
     * @throws RevisionMismatchException when the log does not end at {@code first - 1}; nothing is
     *     written
     * @throws io.llmcm.core.StoreException on I/O failure
     */
    void append(List<Commit> commits);

    /**
     * Commits with a revision above {@code after}, oldest first, at most {@code limit}. Below
     * {@link #retentionFloor()} a commit may lack the entry mutations that pruning removed: a
     * reader that far behind must reload the state instead. Likewise a commit made before a
     * tenant's deletion lacks that tenant's entry, tag, schema, role, binding, API key, state and
     * quota mutations (see {@link #append}).
     */
    List<Commit> commitsAfter(long after, int limit);

    /**
     * Follows commits that other processes append to this store: from now until the feed closes,
     * the listener is told (on a thread of the store's) when the log may have grown, promptly when
     * the store can announce it and periodically in any case, so that an announcement lost on the
     * way never loses a commit. The listener then reads them with {@link #commitsAfter}.
     *
     * <p>The listener may also be told of this process's own appends, and once right away so that
     * it catches up with what landed before the call.
     *
     * @return the feed; empty for a store that only this process can write (the default, and
     *     SQLite's: its file lock keeps other processes out)
     */
    default java.util.Optional<ChangeFeed> follow(ChangeFeed.Listener listener) {
        return java.util.Optional.empty();
    }

    /** Who made a commit and when; empty when there is no such revision. */
    Optional<CommitInfo> commitInfo(long revision);

    /**
     * Versions of one path in a tenant, every layer, newest first, deletions included, each with
     * its commit's author, time and message.
     *
     * @param beforeRevision only versions below this revision (for paging); {@code Long.MAX_VALUE}
     *     for all
     */
    List<HistoryEntry> history(String tenant, String path, long beforeRevision, int limit);

    /**
     * The live versions of a tenant's entries under a prefix as they were at {@code revision}:
     * for every (path, layer), the newest version at or below the revision, unless it is a deletion.
     * Sorted by path, then layer.
     *
     * @param prefix path prefix; "" for the whole tenant
     */
    List<io.llmcm.core.model.EntryVersion> entriesAt(String tenant, String prefix, long revision);

    /**
     * Removes versions that were superseded (by a newer version or a deletion) by a commit made
     * before {@code cutoff}, except versions visible at a tagged revision of any tenant. Live heads
     * are never removed; a deletion marker that is the newest row of its entry goes once its commit
     * is older than {@code cutoff} (absence says the same). Raises {@link #retentionFloor()}
     * accordingly.
     *
     * @param taggedRevisions revisions named by tags; their versions stay readable
     * @return the number of versions removed
     */
    long prune(Instant cutoff, java.util.Set<Long> taggedRevisions);

    /**
     * Point-in-time reads below this revision may be incomplete because history was pruned; tagged
     * revisions stay exact. 0 when nothing was ever pruned. A store that several processes share
     * reads it anew, as any of them may have pruned.
     */
    long retentionFloor();

    // ------------------------------------------------------------------ key material
    //
    // Wrapped data keys live beside the commit log, not in it: crypto-shredding must be able to
    // destroy them, which a log that keeps every commit forever could not. A key is written (and
    // durable) before any commit that uses it.

    /** Every tenant's wrapped keyring (as {@code putKeyring} stored it). */
    java.util.Map<String, byte[]> keyrings();

    /** Stores a tenant's wrapped keyring durably, replacing the previous one. */
    void putKeyring(String tenant, byte[] wrapped);

    /**
     * Stores a tenant's first keyring durably, unless the tenant has one already: on a store that
     * several processes write, two of them sealing the tenant's first secret at once must not each
     * keep a keyring of their own (the second would replace the first, and what was sealed under
     * it would never open). Atomic on such a store; the default, for a store that only this process
     * writes, checks then puts.
     *
     * @return true when this keyring was stored; false when the tenant had one (read it instead)
     */
    default boolean createKeyring(String tenant, byte[] wrapped) {
        if (keyrings().containsKey(tenant)) {
            return false;
        }
        putKeyring(tenant, wrapped);
        return true;
    }

    /**
     * Replaces a tenant's keyring durably if it is still {@code expected} (byte for byte): on a
     * store that several processes write, two of them rotating one tenant's data keys at once must
     * not each store a keyring with only their own new key (what the other sealed under its key
     * would never open). Atomic on such a store; the default, for a store that only this process
     * writes, checks then puts.
     *
     * @return true when stored; false, with nothing written, when the stored keyring is another
     *     (or there is none): read it again and redo the change on it
     */
    default boolean replaceKeyring(String tenant, byte[] expected, byte[] replacement) {
        byte[] stored = keyrings().get(tenant);
        if (stored == null || !java.util.Arrays.equals(stored, expected)) {
            return false;
        }
        putKeyring(tenant, replacement);
        return true;
    }

    /**
     * Destroys a tenant's keyring; nothing of it may remain readable in the store afterwards, not
     * even in the raw files (free pages, logs) of a store kept on disk.
     */
    void deleteKeyring(String tenant);

    /** A small named setting of the store (the key provider's record, for one); empty when unset. */
    Optional<byte[]> setting(String name);

    /** Stores a named setting durably. */
    void putSetting(String name, byte[] value);

    /**
     * Stores a setting durably unless it is set already: a key made on first use (the audit MAC
     * key, say) must be made once even when several processes share the store and need it at the
     * same moment. Atomic on such a store; the default, for a store only this process writes,
     * checks then puts.
     *
     * @return true when this value was stored; false when the setting had one (read it instead)
     */
    default boolean createSetting(String name, byte[] value) {
        if (setting(name).isPresent()) {
            return false;
        }
        putSetting(name, value);
        return true;
    }

    // ------------------------------------------------------------------ audit

    /**
     * Appends events durably, in order, all or none; the store assigns their {@code seq} (1, 2, …,
     * never reused), ignoring the one they carry.
     */
    void appendAudit(List<io.llmcm.core.audit.AuditEvent> events);

    /**
     * Appends events that continue the trail, in order, all or none, durably: their {@code seq}
     * (and the hash chain core computed over them) must follow the newest stored event. Several
     * processes auditing into one store each link their batch after the end they read, and the
     * store refuses a batch whose end moved meanwhile, as {@link #append} does for commits.
     *
     * @param linked numbered from the trail's end + 1, consecutively
     * @return false, with nothing written, when the trail no longer ends at {@code
     *     linked.getFirst().seq() - 1} (read {@link #lastAudit()} and link the batch again)
     */
    default boolean appendAuditAfter(List<io.llmcm.core.audit.AuditEvent> linked) {
        // one process writes this store: nobody else can move the end between the read and the write
        long end = lastAudit().map(io.llmcm.core.audit.AuditEvent::seq).orElse(0L);
        if (linked.isEmpty() || end != linked.getFirst().seq() - 1) {
            return linked.isEmpty();
        }
        appendAudit(linked);
        return true;
    }

    /** Events with {@code seq} above {@code after}, oldest first, at most {@code limit}. */
    List<io.llmcm.core.audit.AuditEvent> auditAfter(long after, int limit);

    /** The newest audit event (its seq and chain hash continue the trail); empty when none. */
    Optional<io.llmcm.core.audit.AuditEvent> lastAudit();

    // ------------------------------------------------------------------ leases of dynamic secrets

    /**
     * Stores a new lease, or replaces one with the same id (revocation). Durable on return. A
     * credential hash belongs to one lease: storing it under another id fails with {@link
     * io.llmcm.core.StoreException} and changes nothing.
     */
    void putLease(io.llmcm.core.model.Lease lease);

    /** The lease with this id; empty when there is none. */
    Optional<io.llmcm.core.model.Lease> lease(String id);

    /** The lease whose credential hashes to this value; empty when there is none. */
    Optional<io.llmcm.core.model.Lease> leaseByCredential(String credentialHash);

    /** Leases of one tenant, newest first (by issue time, then by id, descending), at most {@code limit}. */
    List<io.llmcm.core.model.Lease> leases(String tenant, int limit);

    /** Releases the store (connections, file locks). */
    @Override
    void close();
}
