package io.llmcm.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void randomTokensAreUrlSafeUnpaddedAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = Tokens.random(32);
            assertThat(t).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(t)).hasSize(32);
            seen.add(t);
        }
        assertThat(seen).hasSize(1000);
        assertThatThrownBy(() -> Tokens.random(8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sha256HexMatchesFips180Example() {
        // FIPS 180-4 example "abc"
        assertThat(Tokens.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
