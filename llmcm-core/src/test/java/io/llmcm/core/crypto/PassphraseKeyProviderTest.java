package io.llmcm.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.KeyException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PassphraseKeyProviderTest {
    /** Hands out fresh copies and remembers them, to check that the provider wipes each. */
    private static final class Typed implements Supplier<char[]> {
        final String text;
        final List<char[]> given = new ArrayList<>();

        Typed(String text) {
            this.text = text;
        }

        @Override
        public char[] get() {
            char[] c = text.toCharArray();
            given.add(c);
            return c;
        }
    }

    private static PassphraseKeyProvider with(String passphrase, String previous) {
        return new PassphraseKeyProvider(new Typed(passphrase), previous == null ? null : new Typed(previous), CryptoFixtures.FAST);
    }

    @Test
    void theRecordHoldsSaltAndCostAndTheRightPassphraseOpensIt() {
        KekRecord record = with("correct horse battery", null).create();
        assertThat(record.params()).containsKeys("salt", "m", "t", "p", "version", "check");
        assertThat(Base64.getDecoder().decode(record.param("salt"))).hasSize(16);
        assertThat(record.params()).containsEntry("m", "1024").containsEntry("t", "1").containsEntry("p", "1");
        assertThat(with("correct horse battery", null).open(record).id()).isEqualTo("passphrase:1");
        assertThatThrownBy(() -> with("correct horse battery!", null).open(record))
                .isInstanceOf(KeyException.class)
                .hasMessage("the passphrase does not match this store");
    }

    @Test
    void theDefaultCostIs64MiBThreePassesOneLane() {
        KekRecord record = new PassphraseKeyProvider(() -> "pw".toCharArray(), null).create();
        assertThat(record.params()).containsEntry("m", "65536").containsEntry("t", "3").containsEntry("p", "1");
        // opening uses the record's cost, whatever the provider's own is
        assertThat(with("pw", null).open(record).id()).isEqualTo("passphrase:1");
    }

    @Test
    void everyStoreGetsItsOwnSalt() {
        KekRecord a = with("same", null).create();
        KekRecord b = with("same", null).create();
        assertThat(a.param("salt")).isNotEqualTo(b.param("salt"));
        byte[] wrapped = TenantKeyring.create("acme").wrap(with("same", null).open(a));
        assertThatThrownBy(() -> TenantKeyring.unwrap("acme", wrapped, with("same", null).open(b))).isInstanceOf(KeyException.class);
    }

    @Test
    void passphraseArraysAreWipedAfterUse() {
        Typed pw = new Typed("wipe me");
        PassphraseKeyProvider p = new PassphraseKeyProvider(pw, null, CryptoFixtures.FAST);
        p.open(p.create());
        assertThat(pw.given).hasSize(2);
        for (char[] c : pw.given) {
            assertThat(new String(c)).isEqualTo("\0".repeat(7));
        }
    }

    @Test
    void nonAsciiPassphrasesAgreeAcrossUnicodeForms() {
        KekRecord record = with("caf\u00e9", null).create(); // precomposed é
        assertThat(with("cafe\u0301", null).open(record).id()).isEqualTo("passphrase:1"); // e + combining accent
    }

    @Test
    void rotationNeedsThePreviousPassphraseAndUsesANewSalt() {
        KekRecord v1 = with("old words", null).create();
        Kek oldKek = with("old words", null).open(v1);
        byte[] wrapped = TenantKeyring.create("acme").wrap(oldKek);

        assertThatThrownBy(() -> with("new words", null).rotate(v1))
                .hasMessage("rotating a passphrase needs the current passphrase as the previous one");
        assertThatThrownBy(() -> with("new words", "wrong").rotate(v1))
                .hasMessage("the previous passphrase does not match this store");

        KeyProvider.Rotation r = with("new words", "old words").rotate(v1);
        assertThat(r.kek().id()).isEqualTo("passphrase:2");
        assertThat(r.record().param("salt")).isNotEqualTo(v1.param("salt"));
        byte[] rewrapped = TenantKeyring.rewrap("acme", wrapped, r.kek());
        assertThat(TenantKeyring.unwrap("acme", wrapped, with("new words", "old words").open(r.record())).tenant()).isEqualTo("acme");
        assertThatThrownBy(() -> with("new words", null).open(r.record()))
                .hasMessage("a master key rotation is unfinished: the previous passphrase is needed until it is retired");

        KeyProvider.Retirement done = with("new words", "old words").retire(r.record());
        assertThat(done.note()).isEqualTo("forget the previous passphrase; backups made before this rotation still need it");
        assertThat(done.record().params()).doesNotContainKey("previous.salt");
        Kek newKek = with("new words", null).open(done.record());
        assertThat(TenantKeyring.unwrap("acme", rewrapped, newKek).tenant()).isEqualTo("acme");
        assertThatThrownBy(() -> with("old words", null).open(done.record())).hasMessage("the passphrase does not match this store");
        assertThatThrownBy(() -> TenantKeyring.unwrap("acme", rewrapped, oldKek)).isInstanceOf(KeyException.class);
    }

    @Test
    void absurdCostsInATamperedRecordAreRefused() {
        KekRecord record = with("pw", null).create();
        Map<String, String> p = new TreeMap<>(record.params());
        p.put("m", Integer.toString(1 << 30));
        assertThatThrownBy(() -> with("pw", null).open(new KekRecord("passphrase", p)))
                .isInstanceOf(KeyException.class)
                .hasMessage("unusable Argon2id cost m=1073741824 t=1 p=1");
    }
}
