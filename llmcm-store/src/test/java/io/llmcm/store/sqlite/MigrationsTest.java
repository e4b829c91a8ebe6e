package io.llmcm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void latestIsTheHighestMigrationShipped() throws IOException {
        int highest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/sqlite"))) {
            highest = files.map(p -> VERSION.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max()
                    .orElseThrow();
        }
        assertThat(Migrations.LATEST).isEqualTo(highest);
    }

    @Test
    void aCurrentStoreIsOpenedWithoutRunningFlyway(@TempDir Path dir) {
        SqliteStore.open(dir, Duration.ZERO).close();
        var ds = Connections.dataSource(dir.resolve("llmcm.db"));
        assertThat(Migrations.appliedVersion(ds)).isEqualTo(Migrations.LATEST);
        assertThat(Migrations.run(ds, dir.toString())).isZero();
    }

    @Test
    void aNewDatabaseHasNoVersion(@TempDir Path dir) {
        assertThat(Migrations.appliedVersion(Connections.dataSource(dir.resolve("fresh.db")))).isEqualTo(-1);
    }
}
