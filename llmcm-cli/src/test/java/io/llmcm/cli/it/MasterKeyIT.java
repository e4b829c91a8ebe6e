package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong or missing master key, through the real jar: a clear error, and nothing changes. */
class MasterKeyIT {
    private static final String PLAIN = "sk-masterkey-PLAINTEXT-99";
    private static final Pattern LATEST = Pattern.compile("the latest is (\\d+)");

    @TempDir
    Path dir;

    /** The store's revision, from the error a read beyond it gives (a read changes nothing). */
    private static long revision(Llmcm llmcm) {
        Matcher m = LATEST.matcher(llmcm.run("get", "db/password", "--at", "999999").fails(3).err());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aWrongOrMissingMasterKeyIsAClearErrorAndChangesNothing() throws IOException {
        Llmcm llmcm = Llmcm.jar(dir.resolve("data"));
        Llmcm other = Llmcm.jar(dir.resolve("other"));
        llmcm.run("init").ok();
        other.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        llmcm.runWithInput(PLAIN, "secret", "set", "db/password", "-", "-t", "acme").ok();
        long before = revision(llmcm);

        Path wrong = dir.resolve("other/master.key").toAbsolutePath();
        Llmcm wrongKey = llmcm.env("LLMCM_MASTER_KEY_FILE", wrong.toString());
        String mismatch = "llmcm: the master key in " + wrong + " does not match this store\n";
        assertThat(wrongKey.runWithInput("new", "secret", "set", "db/password", "-", "-t", "acme").fails(1).err()).isEqualTo(mismatch);
        assertThat(wrongKey.run("secret", "get", "db/password", "-t", "acme", "--reveal").fails(1).err()).isEqualTo(mismatch);
        assertThat(wrongKey.run("key", "rotate", "--tenant", "acme").fails(1).err()).isEqualTo(mismatch);
        assertThat(wrongKey.run("key", "rotate", "--master").fails(1).err()).isEqualTo(mismatch);
        assertThat(wrongKey.run("tenant", "delete", "acme").fails(1).err()).isEqualTo(mismatch);
        assertThat(revision(llmcm)).isEqualTo(before);

        Path key = dir.resolve("data/master.key");
        Path away = dir.resolve("away.key");
        Files.move(key, away);
        String missing = "llmcm: master key file " + key.toAbsolutePath() + " is missing; pass --master-key FILE or set LLMCM_MASTER_KEY_FILE\n";
        assertThat(llmcm.runWithInput("new", "secret", "set", "db/password", "-", "-t", "acme").fails(1).err()).isEqualTo(missing);
        assertThat(llmcm.run("key", "rotate", "--tenant", "acme").fails(1).err()).isEqualTo(missing);
        assertThat(llmcm.run("tenant", "delete", "acme").fails(1).err()).isEqualTo(missing);
        assertThat(llmcm.run("secret", "get", "db/password", "-t", "acme").ok().out()).as("masked reads need no key").contains("\"secret\": \"***\"");
        assertThat(revision(llmcm)).isEqualTo(before);

        Files.move(away, key);
        assertThat(llmcm.run("secret", "get", "db/password", "-t", "acme", "--reveal").ok().out()).isEqualTo(PLAIN + "\n");
    }
}
