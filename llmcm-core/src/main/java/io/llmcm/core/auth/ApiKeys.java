package io.llmcm.core.auth;

import com.google.common.io.BaseEncoding;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues and checks API keys. A key reads {@code llmcm_<id>_<secret>}: {@code id} is 16 random
 * lower-case base32 characters (public: it names the key), {@code secret} 32 random bytes in
 * base64url (43 characters). The store keeps the id and the SHA-256 of the secret, never the secret.
 *
 * <p>Checking a presented key does the same work whether or not its id exists: the secret is
 * hashed and compared, with {@link MessageDigest#isEqual} (which takes the same time wherever the
 * bytes differ), against the stored hash or, for an unknown id, a dummy one; expiry and
 * revocation are looked at only after that. So timing tells an attacker neither which ids exist
 * nor how much of a hash matched.
 */
public final class ApiKeys {
    public static final String PREFIX = "llmcm_";
    static final int ID_LENGTH = 16;
    static final int SECRET_BYTES = 32;
    private static final int SECRET_LENGTH = 43; // 32 bytes in unpadded base64url
    private static final int LENGTH = PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH;
    /** The binding that {@link #bootstrap} makes global-admin. */
    public static final String BOOTSTRAP_BINDING = "bootstrap-admin";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BaseEncoding ID_ENCODING = BaseEncoding.base32().lowerCase().omitPadding();
    // compared against when the id is unknown, so that case costs what a known id costs
    private static final byte[] DUMMY_HASH = hex(sha256("llmcm-no-such-key"));

    private final Repository repo;
    private final Clock clock;

    public ApiKeys(Repository repo, Clock clock) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Issues a key and commits it.
     *
     * @param tenant the tenant it belongs to and is confined to; "" for the whole store
     * @param expires when it stops working; null for never
     * @param actor recorded as the commit's author
     * @return the record and the one-time key string
     */
    public IssuedKey issue(String tenant, String name, Instant expires, String actor) {
        return commit(tenant, name, expires, actor, null, null, false);
    }

    /**
     * Issues a key bound to a role, key and binding in one commit (so a refused binding leaves no
     * unbound key behind). The binding is named {@code key-<id>}, lives in the key's tenant and
     * names the key as its subject.
     *
     * @param role a role the binding's tenant can resolve; null for no binding
     * @param scope where the role applies; null for {@link BindingScope#TENANT}
     */
    public IssuedKey issue(String tenant, String name, Instant expires, String actor, String role, BindingScope scope) {
        return commit(tenant, name, expires, actor, role, scope, false);
    }

    /** The id of the binding {@link #issue(String, String, Instant, String, String, BindingScope)} makes. */
    public static String bindingId(String keyId) {
        return "key-" + keyId;
    }

    /**
     * Creates the first credential of a store that has no API key at all: a store-wide key bound
     * to global-admin (binding {@value #BOOTSTRAP_BINDING}), committed together. The server prints
     * the key once on its first start. Empty when the store has any key already (revoked ones
     * count), or when it was issued once already (claimed in the store: of several instances
     * starting at once on a new store, one issues it), so running it on every start is safe.
     */
    public Optional<IssuedKey> bootstrap(String actor) {
        if (repo.apiKeyCount() > 0 || !repo.claimOnce("bootstrap-admin-key")) {
            return Optional.empty(); // keys exist, or another instance starting at the same moment issues it
        }
        return Optional.of(commit("", "bootstrap-admin", null, actor, BuiltInRoles.GLOBAL_ADMIN, null, true));
    }

    private IssuedKey commit(String tenant, String name, Instant expires, String actor, String role, BindingScope scope, boolean bootstrap) {
        Instant now = clock.instant();
        if (expires != null && !expires.isAfter(now)) {
            throw new InvalidInputException("expiry " + expires + " is not in the future");
        }
        String id = newId();
        String secret = newSecret();
        ApiKey key = new ApiKey(tenant, id, name, sha256(secret), now, expires, null);
        ChangeRequest.Builder b = ChangeRequest.by(actor)
                .message("issue API key " + id + (tenant.isEmpty() ? "" : " in tenant " + tenant))
                .add(new Mutation.PutApiKey(key));
        if (role != null) {
            String bindingId = bootstrap ? BOOTSTRAP_BINDING : bindingId(id);
            b.add(new Mutation.PutBinding(new Binding(tenant, bindingId, Subjects.KEY + id, role,
                    scope == null ? BindingScope.TENANT : scope, "")));
        }
        repo.commit(b.build());
        return new IssuedKey(key, PREFIX + id + "_" + secret);
    }

    /** Revokes a key from now on; it stays listed. */
    public void revoke(String tenant, String id, String actor) {
        repo.commit(ChangeRequest.by(actor)
                .message("revoke API key " + id)
                .add(new Mutation.RevokeApiKey(tenant, id, clock.instant()))
                .build());
    }

    /**
     * The principal of a presented key: {@code key:<id>}, confined to the key's tenant. Empty when
     * the string is not a key, names no key, does not match, or the key expired or was revoked;
     * the reason is not told (callers answer 401 whatever it is).
     */
    public Optional<Principal> verify(String presented, Instant now) {
        return find(presented, now).map(ApiKey::principal);
    }

    /** The stored key a presented string is, if it is valid at {@code now} (see {@link #verify}). */
    public Optional<ApiKey> find(String presented, Instant now) {
        if (!isWellFormed(presented)) {
            return Optional.empty(); // the format is public: refusing it early reveals nothing
        }
        String id = presented.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
        String secret = presented.substring(PREFIX.length() + ID_LENGTH + 1);
        Optional<ApiKey> key = repo.apiKey(id);
        byte[] expected = key.map(k -> hex(k.hash())).orElse(DUMMY_HASH);
        byte[] actual = hex(sha256(secret));
        boolean matches = MessageDigest.isEqual(actual, expected);
        if (!matches || key.isEmpty() || !key.get().isActive(now)) {
            return Optional.empty();
        }
        return key;
    }

    /** True when the string has the shape of a key: prefix, id, separator, secret. */
    static boolean isWellFormed(String s) {
        if (s == null || s.length() != LENGTH || !s.startsWith(PREFIX) || s.charAt(PREFIX.length() + ID_LENGTH) != '_') {
            return false;
        }
        for (int i = PREFIX.length(); i < PREFIX.length() + ID_LENGTH; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        for (int i = PREFIX.length() + ID_LENGTH + 1; i < LENGTH; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static String newId() {
        byte[] b = new byte[10]; // 80 bits: 16 base32 characters
        RANDOM.nextBytes(b);
        return ID_ENCODING.encode(b);
    }

    private static String newSecret() {
        byte[] b = new byte[SECRET_BYTES];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Lower-case hex SHA-256 of the UTF-8 text: what the store keeps of a secret. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] hex(String hex) {
        return hex.getBytes(StandardCharsets.US_ASCII);
    }
}
