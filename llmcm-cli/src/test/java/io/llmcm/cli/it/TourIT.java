package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five-minute tour of the README, end to end, through the real jar. */
class TourIT {
    private static final String KEY = "models/openai/gpt-4o";

    @TempDir
    Path dir;

    @Test
    void fiveMinuteTour() throws IOException {
        Llmcm llmcm = Llmcm.jar(dir.resolve("data"));

        assertThat(llmcm.run("init").ok().out()).startsWith("initialized store " + llmcm.store() + " at revision 1\n"
                + "master key created in " + llmcm.store().resolve("master.key") + " (mode 0600)\n");
        assertThat(llmcm.run("tenant", "create", "acme").ok().out()).isEqualTo("created tenant acme (parent global) at revision 2\n");

        // shared default at global/base, then a prod override for one tenant
        assertThat(llmcm.run("set", KEY, "{\"model\":\"gpt-4o\",\"temperature\":0.7,\"max_tokens\":1000}").ok().out())
                .isEqualTo("set global:base " + KEY + " at revision 3\n");
        assertThat(llmcm.run("set", KEY, "{\"temperature\":0.2}", "--tenant", "acme", "--env", "prod", "-m", "calmer in prod").ok().out())
                .isEqualTo("set acme:prod " + KEY + " at revision 4\n");

        assertThat(llmcm.run("get", KEY, "--tenant", "acme", "--env", "prod").ok().out())
                .isEqualTo("{\n  \"model\": \"gpt-4o\",\n  \"temperature\": 0.2,\n  \"max_tokens\": 1000\n}\n");
        assertThat(llmcm.run("get", KEY, "--tenant", "acme", "--env", "dev", "--output", "text").ok().out())
                .as("dev never sees prod's override")
                .isEqualTo("{\"model\":\"gpt-4o\",\"temperature\":0.7,\"max_tokens\":1000}\n");
        assertThat(llmcm.run("get", KEY, "--tenant", "acme", "--env", "prod", "--explain").ok().out())
                .contains("fields:\n")
                .containsPattern("\n  /model +\"gpt-4o\" +global:base@3\n")
                .containsPattern("\n  /temperature +0\\.2 +acme:prod@4\n")
                .containsPattern("layers:\n  global:base@3\n  acme:prod@4\n$");

        assertThat(llmcm.run("history", KEY, "--tenant", "acme").ok().out())
                .matches("4  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  tester  prod  put  calmer in prod\n");

        assertThat(llmcm.run("tag", "create", "stable", "--tenant", "acme").ok().out())
                .isEqualTo("tagged revision 4 as stable in tenant acme (revision 5)\n");
        llmcm.run("set", KEY, "{\"temperature\":0.9}", "--tenant", "acme", "--env", "prod").ok();

        String diff = llmcm.run("diff", "--from", "stable", "--tenant", "acme").ok().out();
        assertThat(diff).startsWith("~ " + KEY + " [prod]\n    ").contains("/temperature").contains("0.2").contains("0.9");

        assertThat(llmcm.run("rollback", "models", "--to", "stable", "--tenant", "acme").ok().out())
                .isEqualTo("rolled back models in tenant acme to revision 4 at revision 7\n");
        String acmeProd = llmcm.run("get", KEY, "--tenant", "acme", "--env", "prod").ok().out();
        assertThat(acmeProd).contains("\"temperature\": 0.2");

        // export/import round trips: the effective values land in another tenant unchanged
        Path json = dir.resolve("models.json");
        assertThat(llmcm.run("export", "models", "--tenant", "acme", "--env", "prod", "-o", json.toString()).ok().out())
                .isEqualTo("exported 1 key under models to " + json + "\n");
        llmcm.run("tenant", "create", "beta").ok();
        assertThat(llmcm.run("import", json.toString(), "--into", "models", "--tenant", "beta").ok().out())
                .isEqualTo("imported 1 key under models at revision 9\n");
        assertThat(llmcm.run("get", KEY, "--tenant", "beta", "--env", "prod").ok().out()).isEqualTo(acmeProd);

        String yaml = llmcm.run("export", "models", "--tenant", "acme", "--env", "prod", "--format", "yaml").ok().out();
        assertThat(yaml).contains("openai/gpt-4o").contains("temperature: 0.2");
        Files.writeString(dir.resolve("models.yaml"), yaml);
        llmcm.run("tenant", "create", "gamma").ok();
        llmcm.run("import", dir.resolve("models.yaml").toString(), "--into", "models", "--tenant", "gamma").ok();
        assertThat(llmcm.run("get", KEY, "--tenant", "gamma", "--env", "prod").ok().out()).isEqualTo(acmeProd);

        // a schema guards every later write
        Path schema = dir.resolve("openai.schema.json");
        Files.writeString(schema, "{\"type\":\"object\",\"properties\":{\"temperature\":{\"type\":\"number\",\"maximum\":2}}}");
        assertThat(llmcm.run("schema", "set", "openai-model", schema.toString(), "--pattern", "models/openai/**").ok().out())
                .startsWith("schema openai-model (models/openai/**) set in tenant global at revision ");
        Llmcm.Result rejected = llmcm.run("set", KEY, "{\"temperature\":3}", "--tenant", "acme", "--env", "prod").fails(5);
        assertThat(rejected.err()).contains("/temperature").contains("openai-model");
        assertThat(llmcm.run("get", KEY, "--tenant", "acme", "--env", "prod").ok().out()).as("nothing was stored").isEqualTo(acmeProd);
    }
}
