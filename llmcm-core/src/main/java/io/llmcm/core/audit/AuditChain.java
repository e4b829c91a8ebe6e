package io.llmcm.core.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit trail's integrity: each event's hash covers the previous event's hash and every field
 * of its own (sequence number included), so editing, deleting or reordering any event breaks the
 * chain from there on; each hash also carries an HMAC-SHA256 under a key that is stored wrapped
 * by the master key, so someone who can write the database but does not hold the master key
 * cannot forge a consistent chain.
 *
 * <p>Limit: deleting the newest events is indistinguishable from their never having been written
 * unless the last hash was noted elsewhere (a verification prints it for that purpose).
 */
public final class AuditChain {
    /** The hash before the first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] macKey;

    /** @param macKey the MAC key, or null when it is not available (events then carry no MAC) */
    public AuditChain(byte[] macKey) {
        this.macKey = macKey == null ? null : macKey.clone();
    }

    /** The event placed after {@code previousHash} at {@code seq}. */
    public AuditEvent link(AuditEvent e, long seq, String previousHash) {
        String hash = hash(previousHash, seq, e);
        return e.chained(seq, hash, mac(hash));
    }

    /** The chain hash of an event following {@code previousHash}. */
    public static String hash(String previousHash, long seq, AuditEvent e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HEX.parseHex(previousHash));
            sha.update(ByteBuffer.allocate(16).putLong(seq).putLong(e.time().toEpochMilli()).array());
            for (String field : new String[] {e.actor(), e.action(), e.tenant(), e.target(), e.outcome(), e.detail()}) {
                byte[] b = field.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(b.length).array()); // lengths keep fields apart
                sha.update(b);
            }
            return HEX.formatHex(sha.digest());
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("SHA-256 is part of every JDK", ex);
        }
    }

    /** HMAC of a chain hash; "" without a key. */
    public String mac(String hash) {
        if (macKey == null) {
            return "";
        }
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return HEX.formatHex(m.doFinal(hash.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
        }
    }

    /** Whether this chain can check MACs (it holds the key). */
    public boolean keyed() {
        return macKey != null;
    }
}
