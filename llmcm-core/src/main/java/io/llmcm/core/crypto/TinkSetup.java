package io.llmcm.core.crypto;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.jwt.JwtSignatureConfig;
import java.security.GeneralSecurityException;

/**
 * Registers the Tink key types this package uses, once per process, and hands out primitives.
 * Every class here goes through {@link #primitive} so that registration cannot be forgotten.
 */
final class TinkSetup {
    private static final Configuration CONFIG;

    static {
        try {
            AeadConfig.register();
            HybridConfig.register();
            JwtSignatureConfig.register();
            CONFIG = RegistryConfiguration.get();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TinkSetup() {}

    /** The primitive of a keyset; a keyset this package built itself always has one. */
    static <P> P primitive(KeysetHandle keys, Class<P> type) {
        try {
            return keys.getPrimitive(CONFIG, type);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink cannot build " + type.getSimpleName() + " from a keyset", e);
        }
    }

    /** The configuration every keyset is parsed, serialized and used with. */
    static Configuration config() {
        return CONFIG;
    }

    /** Makes sure the registrations ran (for code that parses keysets before asking for primitives). */
    static void ensure() {
        // the static initializer did the work
    }
}
