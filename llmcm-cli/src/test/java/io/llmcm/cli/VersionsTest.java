package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tags, diff and rollback (in process, on a real SQLite store). */
class VersionsTest {
    @TempDir
    Path dir;

    @Test
    void tagsNameRevisionsAndRefuseToMoveSilently() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("set", "a", "1").ok(); // revision 2
        assertThat(llmcm.run("tag", "create", "v1").ok().out()).isEqualTo("tagged revision 2 as v1 in tenant global (revision 3)\n");
        assertThat(llmcm.run("tag", "create", "v1", "--at", "1").fails(4).err())
                .isEqualTo("llmcm: tag 'v1' already exists in tenant global (revision 2); pass --force to move it\n");
        llmcm.run("tag", "create", "v1", "--at", "1", "--force").ok();
        llmcm.run("tag", "create", "v2", "--at", "v1").ok();
        assertThat(llmcm.run("tag", "list").ok().out()).isEqualTo("v1  1\nv2  1\n");
        assertThat(llmcm.run("tag", "create", "123").fails(2).err()).contains("only digits");
        assertThat(llmcm.run("tag", "create", "empty", "--at", "0").fails(2).err()).contains("cannot be tagged");
        assertThat(llmcm.run("tag", "delete", "v2").ok().out()).startsWith("deleted tag v2 in tenant global");
        assertThat(llmcm.run("tag", "delete", "v2").fails(3).err()).contains("no tag 'v2'");
        assertThat(llmcm.run("tag", "list", "--output", "json").ok().out()).contains("\"name\": \"v1\"").doesNotContain("v2");
    }

    @Test
    void diffAndRollbackWorkOnRevisionsAndTags() {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("set", "m/a", "{\"t\":0.7}").ok(); // 2
        llmcm.run("set", "m/b", "1").ok(); // 3
        llmcm.run("tag", "create", "good").ok(); // 4
        llmcm.run("set", "m/a", "{\"t\":0.2}").ok(); // 5
        llmcm.run("delete", "m/b").ok(); // 6
        llmcm.run("set", "m/c", "true", "--env", "prod").ok(); // 7

        String diff = llmcm.run("diff", "--from", "good", "m").ok().out();
        assertThat(diff).contains("~ m/a [base]\n").contains("- m/b [base]\n").contains("+ m/c [prod]\n");
        assertThat(llmcm.run("diff", "--from", "5", "--to", "6", "--output", "json").ok().out())
                .contains("\"path\": \"m/b\"").contains("\"change\": \"removed\"").doesNotContain("m/a");
        assertThat(llmcm.run("diff", "--from", "2", "--to", "2").ok().out()).isEmpty();
        assertThat(llmcm.run("diff", "--from", "nope").fails(3).err()).contains("no tag 'nope'");
        assertThat(llmcm.run("diff").fails(2).err()).contains("--from");

        assertThat(llmcm.run("rollback", "--to", "good").fails(2).err())
                .contains("rollback needs a PREFIX (a key or namespace), or --all for the whole tenant");
        assertThat(llmcm.run("rollback", "m/a", "--to", "good").ok().out()).isEqualTo("rolled back m/a in tenant global to revision 3 at revision 8\n");
        assertThat(llmcm.run("rollback", "m/a", "--to", "good").ok().out()).isEqualTo("nothing to roll back: m/a in tenant global already matches revision 3\n");
        assertThat(llmcm.run("rollback", "--all", "--to", "3", "-m", "back").ok().out()).isEqualTo("rolled back tenant global to revision 3 at revision 9\n");
        assertThat(llmcm.run("list", "--env", "prod", "--long").ok().out()).matches("m/a  8  \\{\"t\":0.7}\nm/b  9  1\n");
    }
}
