package io.llmcm.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.KeyException;
import io.llmcm.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyFileProviderTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data/master.key");
    }

    private MasterKeyFileProvider provider() {
        return new MasterKeyFileProvider(file());
    }

    private int keysInFile() throws Exception {
        return Json.parse(Files.readString(file())).get("key").size();
    }

    @Test
    void createWritesAnOwnerOnlyKeyFileAndARecordWithoutKeyMaterial() throws Exception {
        KekRecord record = provider().create();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThat(record.type()).isEqualTo("file");
        assertThat(record.params()).containsKeys("check", "version", "file");
        assertThat(record.version()).isEqualTo(1);
        assertThat(record.param("file")).isEqualTo(file().toString());
        assertThat(keysInFile()).isEqualTo(1);
        assertThat(Files.list(file().getParent())).containsExactly(file()); // no temporary file left
        String keyValue = Json.parse(Files.readString(file())).get("key").get(0).get("keyData").get("value").stringValue();
        assertThat(new String(record.toBytes())).doesNotContain(keyValue);
        assertThat(provider().open(record).id()).isEqualTo("file:1");
    }

    @Test
    void createRefusesToOverwriteAFile() throws Exception {
        provider().create();
        byte[] before = Files.readAllBytes(file());
        assertThatThrownBy(() -> provider().create())
                .isInstanceOf(KeyException.class)
                .hasMessage("master key file " + file() + " already exists; refusing to overwrite it (it may protect another store)");
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void aMissingFileIsNamed() {
        KekRecord record = provider().create();
        file().toFile().delete();
        assertThatThrownBy(() -> provider().open(record))
                .isInstanceOf(KeyException.class)
                .hasMessage("master key file " + file() + " is missing");
    }

    @Test
    void aFileOthersCanReadIsRefused() throws Exception {
        KekRecord record = provider().create();
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> provider().open(record))
                .isInstanceOf(KeyException.class)
                .hasMessage("master key file " + file() + " is readable by others (mode 0644); chmod 600 it");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(() -> provider().open(record))
                .hasMessage("master key file " + file() + " is writable by others (mode 0620); chmod 600 it");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
        assertThat(provider().open(record).id()).isEqualTo("file:1");
    }

    @Test
    void anotherStoresKeyFileDoesNotMatch() throws Exception {
        KekRecord record = provider().create();
        MasterKeyFileProvider other = new MasterKeyFileProvider(dir.resolve("other.key"));
        other.create();
        Files.move(dir.resolve("other.key"), file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> provider().open(record))
                .isInstanceOf(KeyException.class)
                .hasMessage("the master key in " + file() + " does not match this store");
    }

    @Test
    void aDamagedFileOrRecordIsNamed() throws Exception {
        KekRecord record = provider().create();
        assertThatThrownBy(() -> new EnvironmentKeyProvider("K", java.util.Map.of()).open(record))
                .hasMessage("this store's master key is of type file, not env");
        Files.writeString(file(), "{\"not\":\"a keyset\"}");
        assertThatThrownBy(() -> provider().open(record))
                .isInstanceOf(KeyException.class)
                .hasMessage("master key file " + file() + " is damaged: it is not a key set");
    }

    @Test
    void rotationRewrapsAndRetiringRemovesTheOldKeyFromTheFile() throws Exception {
        MasterKeyFileProvider p = provider();
        KekRecord v1 = p.create();
        Kek oldKek = p.open(v1);
        byte[] acme = TenantKeyring.create("acme").wrap(oldKek);
        byte[] beta = TenantKeyring.create("beta").wrap(oldKek);

        KeyProvider.Rotation r = p.rotate(v1);
        assertThat(r.kek().id()).isEqualTo("file:2");
        assertThat(r.record().version()).isEqualTo(2);
        assertThat(r.record().rotating()).isTrue();
        assertThat(keysInFile()).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThatThrownBy(() -> p.rotate(r.record())).hasMessageContaining("rotation is unfinished");

        // a crash after one rewrap: the stored rotation record still opens both
        byte[] acme2 = TenantKeyring.rewrap("acme", acme, r.kek());
        assertThat(TenantKeyring.wrappedBy(acme2)).isEqualTo("file:2");
        Kek reopened = p.open(r.record());
        TenantKeyring.unwrap("acme", acme2, reopened);
        byte[] beta2 = TenantKeyring.rewrap("beta", beta, reopened);

        KeyProvider.Retirement done = p.retire(r.record());
        assertThat(done.record().rotating()).isFalse();
        assertThat(done.record().version()).isEqualTo(2);
        assertThat(done.note()).isEqualTo("removed old master key version 1 from " + file()
                + "; backups made before this rotation can only be opened with a copy of the old file");
        assertThat(keysInFile()).isEqualTo(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");

        Kek newKek = p.open(done.record());
        assertThat(TenantKeyring.unwrap("beta", beta2, newKek).tenant()).isEqualTo("beta");
        assertThatThrownBy(() -> TenantKeyring.unwrap("acme", acme2, oldKek)).isInstanceOf(KeyException.class);
        assertThatThrownBy(() -> TenantKeyring.unwrap("acme", acme, newKek)).isInstanceOf(KeyException.class);
        assertThatThrownBy(() -> p.open(v1)).hasMessage("the master key in " + file() + " does not match this store");
        assertThat(p.retire(done.record()).note()).isEqualTo("no old master key versions in " + file());
    }
}
