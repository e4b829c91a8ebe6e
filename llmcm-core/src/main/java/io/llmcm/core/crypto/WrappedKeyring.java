package io.llmcm.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.jwt.JwtEcdsaPrivateKey;
import io.llmcm.core.KeyException;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.json.Json;
import java.security.GeneralSecurityException;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored form of a {@link TenantKeyring}: compact JSON
 *
 * <pre>{"v":1,"tenant":"acme","kek":"file:1","dek":"base64…","jwt":"base64…"}</pre>
 *
 * where {@code dek} and {@code jwt} are Tink {@code EncryptedKeyset} protos (binary), each
 * encrypted by the KEK with associated data {@code Aad.of("llmcm.keyring.v1", part, tenant)}.
 * {@code kek} is informational (which KEK version to expect; rotation progress); it is not
 * trusted for anything.
 */
final class WrappedKeyring {
    private static final int FORMAT = 1;

    private WrappedKeyring() {}

    static byte[] wrap(String tenant, KeysetHandle deks, KeysetHandle jwt, Kek kek) {
        Aead adapter = new KekAead(kek);
        try {
            ObjectNode root = Json.NODES.objectNode();
            root.put("v", FORMAT);
            root.put("tenant", tenant);
            root.put("kek", kek.id());
            root.put("dek", b64(TinkProtoKeysetFormat.serializeEncryptedKeyset(deks, adapter, aad("dek", tenant), TinkSetup.config())));
            root.put("jwt", b64(TinkProtoKeysetFormat.serializeEncryptedKeyset(jwt, adapter, aad("jwt", tenant), TinkSetup.config())));
            return Json.bytes(root);
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot wrap the keys of tenant " + tenant + " with master key " + kek.id(), e);
        }
    }

    static TenantKeyring unwrap(String tenant, byte[] wrapped, Kek kek) {
        JsonNode root = parse(tenant, wrapped);
        String owner = root.get("tenant").stringValue();
        if (!owner.equals(tenant)) {
            throw new KeyException("the keyring stored for tenant " + tenant + " belongs to tenant " + owner);
        }
        Aead adapter = new KekAead(kek);
        try {
            KeysetHandle deks = TinkProtoKeysetFormat.parseEncryptedKeyset(bytes(root, "dek", tenant), adapter, aad("dek", tenant), TinkSetup.config());
            KeysetHandle jwt = TinkProtoKeysetFormat.parseEncryptedKeyset(bytes(root, "jwt", tenant), adapter, aad("jwt", tenant), TinkSetup.config());
            requireKeys(tenant, deks, AesGcmKey.class);
            requireKeys(tenant, jwt, JwtEcdsaPrivateKey.class);
            return new TenantKeyring(tenant, deks, jwt);
        } catch (GeneralSecurityException e) {
            String by = root.get("kek").stringValue();
            throw new KeyException("cannot unwrap the keys of tenant " + tenant + " with master key " + kek.id()
                    + (by.equals(kek.id()) ? "" : " (they were wrapped by " + by + ")")
                    + ": wrong master key or damaged data");
        }
    }

    static String kekId(byte[] wrapped) {
        return parse("?", wrapped).get("kek").stringValue();
    }

    private static JsonNode parse(String tenant, byte[] wrapped) {
        JsonNode root;
        try {
            root = Json.parse(wrapped);
        } catch (LlmcmException e) {
            throw damaged(tenant);
        }
        if (!root.path("v").isInt() || root.get("v").intValue() != FORMAT) {
            throw damaged(tenant);
        }
        for (String f : new String[] {"tenant", "kek", "dek", "jwt"}) {
            if (!root.path(f).isString()) {
                throw damaged(tenant);
            }
        }
        return root;
    }

    private static byte[] bytes(JsonNode root, String field, String tenant) {
        try {
            return Base64.getDecoder().decode(root.get(field).stringValue());
        } catch (IllegalArgumentException e) {
            throw damaged(tenant);
        }
    }

    private static void requireKeys(String tenant, KeysetHandle keys, Class<?> type) {
        for (int i = 0; i < keys.size(); i++) {
            if (!type.isInstance(keys.getAt(i).getKey()) || keys.getAt(i).getId() < 1) {
                throw new KeyException("the keyring of tenant " + tenant + " is damaged: unexpected key type");
            }
        }
    }

    private static KeyException damaged(String tenant) {
        return new KeyException("the keyring of tenant " + tenant + " is damaged: not a wrapped keyring");
    }

    private static byte[] aad(String part, String tenant) {
        return Aad.of("llmcm.keyring.v1", part, tenant);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** Lets Tink's encrypted-keyset format use a {@link Kek}. */
    private record KekAead(Kek kek) implements Aead {
        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
            return kek.wrap(plaintext, associatedData);
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            try {
                return kek.unwrap(ciphertext, associatedData);
            } catch (KeyException e) {
                throw new GeneralSecurityException("unwrap failed");
            }
        }
    }
}
