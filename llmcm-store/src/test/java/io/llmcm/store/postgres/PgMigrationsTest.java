package io.llmcm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL migrations: the schema is created when missing, migrated once, and holds everything. */
class PgMigrationsTest {
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");
    private static final String SCHEMA = PgTestDatabase.newSchema();
    private static final String URL = PgTestDatabase.url(SCHEMA);

    @BeforeEach
    void noSchema() {
        PgTestDatabase.drop(SCHEMA);
    }

    @AfterAll
    static void dropSchema() {
        PgTestDatabase.drop(SCHEMA);
    }

    @Test
    void latestIsTheHighestMigrationShipped() throws IOException {
        int highest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/postgresql"))) {
            highest = files.map(p -> VERSION.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max()
                    .orElseThrow();
        }
        assertThat(PgMigrations.LATEST).isEqualTo(highest);
    }

    @Test
    void aMissingSchemaIsCreatedAndMigratedOnceThenOpenedWithoutFlyway() throws Exception {
        PgUrl url = PgUrl.parse(URL);
        DataSource ds = PgConnections.simpleDataSource(url);
        assertThat(tables(SCHEMA)).isEmpty();
        assertThat(PgMigrations.appliedVersion(ds, SCHEMA)).isEqualTo(-1);

        assertThat(PgMigrations.run(ds, url)).isEqualTo(PgMigrations.LATEST);
        assertThat(PgMigrations.appliedVersion(ds, SCHEMA)).isEqualTo(PgMigrations.LATEST);
        assertThat(PgMigrations.run(ds, url)).isZero();
        PostgresStore.open(URL).close();

        assertThat(tables(SCHEMA)).containsExactlyInAnyOrder("flyway_schema_history", "log_head", "commits", "versions",
                "tenants", "environments", "tags", "schemas", "rollback_rules", "roles", "bindings", "api_keys",
                "keyrings", "settings", "audit_head", "audit_batches", "leases");
        List<String> applied = new ArrayList<>();
        try (Connection c = PgTestDatabase.connect();
                PreparedStatement ps = c.prepareStatement("SELECT version, success FROM \"" + SCHEMA
                        + "\".flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                assertThat(rs.getBoolean(2)).isTrue();
                applied.add(rs.getString(1));
            }
        }
        assertThat(applied).as("each migration applied once").containsExactly("1", "2");
    }

    @Test
    void instancesOpeningANewSchemaTogetherMigrateItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> opens = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opens.add(pool.submit(() -> {
                    try (PostgresStore s = PostgresStore.open(URL)) {
                        return s.lastRevision();
                    }
                }));
            }
            for (Future<Long> f : opens) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdown();
        }
        try (Connection c = PgTestDatabase.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM \"" + SCHEMA + "\".flyway_schema_history WHERE version = '1' AND success");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    /** An application role that may not create schemas opens a store in one its DBA made for it. */
    @Test
    void aRoleWithoutCreateOnTheDatabaseOpensASchemaMadeForIt() {
        String role = "llmcm_test_app_" + SCHEMA.substring(SCHEMA.length() - 6);
        PgTestDatabase.exec("DROP ROLE IF EXISTS " + role);
        PgTestDatabase.exec("CREATE ROLE " + role + " LOGIN");
        try {
            PgTestDatabase.exec("CREATE SCHEMA \"" + SCHEMA + "\" AUTHORIZATION " + role);
            try (PostgresStore s = PostgresStore.open(URL + "&user=" + role)) {
                s.append(java.util.List.of(io.llmcm.core.store.StoreFixtures.commit(1, io.llmcm.core.store.StoreFixtures.put("a", "1"))));
                assertThat(s.lastRevision()).isEqualTo(1);
            }
        } finally {
            PgTestDatabase.drop(SCHEMA);
            PgTestDatabase.exec("DROP ROLE IF EXISTS " + role);
        }
    }

    private static List<String> tables(String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = PgTestDatabase.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
