package io.llmcm.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A rough cost of sealing and opening a 100-byte secret, printed for the record (no timing
 * assertion: machines differ; the benchmark module has the real measurement).
 */
class SealCostTest {
    @Test
    void sealAndOpenOfA100ByteSecretCostMicroseconds() {
        TenantKeyring keys = TenantKeyring.create("acme").rotate();
        EntryKey at = CryptoFixtures.address("acme", "providers/openai/api-key", "prod", "chat");
        Value secret = Value.text("x".repeat(98)); // 100 bytes as JSON
        assertThat(secret.size()).isEqualTo(100);
        Instant now = Instant.parse("2026-11-25T23:10:17Z");

        Value sealed = null;
        Value opened = null;
        for (int i = 0; i < 50_000; i++) { // warm-up: let the JIT compile both paths
            sealed = Sealer.seal(keys, at, secret, null, now);
            opened = Sealer.open(keys, at, sealed);
        }
        int n = 200_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sealed = Sealer.seal(keys, at, secret, null, now);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            opened = Sealer.open(keys, at, sealed);
        }
        long t2 = System.nanoTime();
        byte[] aad = new byte[64];
        byte[] raw = new byte[100];
        byte[] ct = null;
        for (int i = 0; i < n; i++) {
            ct = keys.encrypt(raw, aad);
        }
        long t3 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            keys.decrypt(ct, aad);
        }
        long t4 = System.nanoTime();
        System.out.printf("seal %.2f µs, open %.2f µs; bare AES-GCM encrypt %.2f µs, decrypt %.2f µs (100 bytes, %d runs)%n",
                (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n, (t4 - t3) / 1e3 / n, n);
        assertThat(opened).isEqualTo(secret);
        assertThat(Sealer.metadata(sealed).dekVersion()).isEqualTo(2);
    }
}
