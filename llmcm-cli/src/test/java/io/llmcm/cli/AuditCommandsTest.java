package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmcm audit verify|export} on a real store, before and after someone edits the trail. */
class AuditCommandsTest {
    @Test
    void verifyFindsTamperingAndExportWritesCloudEvents(@TempDir Path dir) throws Exception {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.runWithInput("s3cret-value", "secret", "set", "db/password", "-").ok();
        llmcm.run("secret", "get", "db/password", "--reveal").ok();
        llmcm.run("secret", "get", "db/password", "--reveal").ok();

        assertThat(llmcm.run("audit", "verify").ok().out()).startsWith("audit trail intact: ").contains("last hash ");
        Path out = dir.resolve("audit.jsonl");
        llmcm.run("audit", "export", "-o", out.toString()).ok();
        java.util.List<String> lines = Files.readAllLines(out);
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("{\"specversion\":\"1.0\"").contains("\"hash\":"));
        assertThat(String.join("\n", lines)).contains("io.llmcm.audit.secret.reveal").doesNotContain("s3cret-value");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/llmcm.db"));
                Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM audit_batches WHERE first_seq = (SELECT MIN(first_seq) FROM audit_batches)");
        }
        Llmcm.Result broken = llmcm.run("audit", "verify").fails(1);
        assertThat(broken.err()).startsWith("llmcm: the audit trail is broken at event ").contains("missing");
    }
}
