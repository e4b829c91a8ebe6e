package io.llmcm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class PgUrlTest {
    @Test
    void aStoreUrlBecomesAJdbcUrlWithTheSchemaAsSearchPath() {
        PgUrl u = PgUrl.parse("postgresql://db.example.com:6543/llm?schema=tenant_a&sslmode=require&poolSize=20");

        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/llm?currentSchema=tenant_a&sslmode=require");
        assertThat(u.schema()).isEqualTo("tenant_a");
        assertThat(u.poolSize()).isEqualTo(20);
        assertThat(u.name()).isEqualTo("postgresql://db.example.com:6543/llm?schema=tenant_a");
    }

    @Test
    void defaultsCredentialsAndSpellings() {
        PgUrl u = PgUrl.parse("jdbc:postgresql://127.0.0.1/test?currentSchema=x1");
        assertThat(u.schema()).isEqualTo("x1");
        assertThat(u.name()).isEqualTo("postgresql://127.0.0.1:5432/test?schema=x1");
        assertThat(PgUrl.parse("postgres://127.0.0.1:5432/test").schema()).isEqualTo(PgUrl.DEFAULT_SCHEMA);
        assertThat(PgUrl.parse("postgres://127.0.0.1:5432/test").poolSize()).isEqualTo(PgUrl.DEFAULT_POOL);

        PgUrl withUser = PgUrl.parse("postgresql://app:s%40cret@h:5432/d");
        assertThat(withUser.user()).isEqualTo("app");
        assertThat(withUser.password()).isEqualTo("s@cret");
        assertThat(withUser.jdbcUrl()).startsWith("jdbc:postgresql://h:5432/d?").doesNotContain("cret");
        assertThat(withUser.name()).doesNotContain("cret");
        assertThat(PgUrl.parse("postgresql://h/d?user=u&password=p").user()).isEqualTo("u");
        assertThat(PgUrl.redact("postgresql://app:secret@h/d?password=x")).isEqualTo("postgresql://app:***@h/d?password=***");
    }

    @Test
    void badUrlsAreRefusedWithOneLine() {
        assertThat(PgUrl.matches("./data")).isFalse();
        assertThat(PgUrl.matches("PostgreSQL://h/d")).isTrue();
        assertThatThrownBy(() -> PgUrl.parse("postgresql://h:5432/")).isInstanceOf(InvalidInputException.class).hasMessageContaining("names no database");
        assertThatThrownBy(() -> PgUrl.parse("postgresql://h/d?schema=Bad-Name")).isInstanceOf(InvalidInputException.class).hasMessageContaining("schema name");
        assertThatThrownBy(() -> PgUrl.parse("postgresql://h/d?schema=a;drop")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PgUrl.parse("postgresql://h/d?schema=a&currentSchema=b")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PgUrl.parse("postgresql://h/d?poolSize=1")).isInstanceOf(InvalidInputException.class);
    }
}
