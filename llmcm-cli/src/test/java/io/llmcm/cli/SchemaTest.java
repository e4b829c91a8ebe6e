package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** schema set, get, list, delete and validate (in process, on a real SQLite store). */
class SchemaTest {
    @TempDir
    Path dir;

    @Test
    void bindingsGuardWritesAndValidateDryRunsThem() throws IOException {
        Llmcm llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        llmcm.run("set", "presets/chat", "{\"max_tokens\":100,\"context_window\":8000}").ok();

        Path binding = dir.resolve("preset.yaml");
        Files.writeString(binding, """
                pattern: presets/*
                schema:
                  type: object
                  required: [max_tokens]
                rules:
                  - rule: self.max_tokens <= self.context_window
                    message: max_tokens must fit the context window
                    pointer: /max_tokens
                """);
        llmcm.run("schema", "set", "preset", "@" + binding).ok();
        assertThat(llmcm.run("schema", "list", "--tenant", "acme").ok().out()).isEqualTo("preset  presets/*  global\n");
        assertThat(llmcm.run("schema", "list", "--path", "models/x").ok().out()).isEmpty();
        assertThat(llmcm.run("schema", "get", "preset", "--tenant", "acme").ok().out())
                .contains("\"pattern\": \"presets/*\"")
                .contains("\"rule\": \"self.max_tokens <= self.context_window\"");

        Llmcm.Result valid = llmcm.run("validate", "presets/chat", "{\"max_tokens\":200}", "--tenant", "acme", "--env", "prod").ok();
        assertThat(valid.out()).startsWith("valid\n").contains("acme:prod  presets/chat  {\"max_tokens\":200,\"context_window\":8000}");
        Llmcm.Result invalid = llmcm.run("validate", "presets/chat", "{\"max_tokens\":9000}", "--tenant", "acme").fails(5);
        assertThat(invalid.out()).isEmpty();
        assertThat(invalid.err()).contains("/max_tokens").contains("max_tokens must fit the context window");
        assertThat(llmcm.run("validate", "presets/chat", "--delete").ok().out()).startsWith("valid\n").contains("(absent)");
        assertThat(llmcm.run("validate", "presets/chat").fails(2).err()).contains("give a VALUE to check, or --delete");
        assertThat(llmcm.run("get", "presets/chat", "--output", "text").ok().out()).as("validate stores nothing").contains("\"max_tokens\":100");

        Path strict = dir.resolve("strict.json");
        Files.writeString(strict, "{\"type\":\"object\",\"required\":[\"name\"]}");
        assertThat(llmcm.run("schema", "set", "strict", strict.toString(), "--pattern", "presets/**").fails(5).err())
                .as("existing values are checked before a binding is accepted")
                .contains("presets/chat");
        assertThat(llmcm.run("schema", "set", "bare", strict.toString()).fails(2).err()).contains("--pattern");

        assertThat(llmcm.run("schema", "delete", "preset").ok().out()).startsWith("deleted schema preset in tenant global");
        assertThat(llmcm.run("schema", "delete", "preset").fails(3).err()).contains("no schema 'preset'");
        assertThat(llmcm.run("schema", "get", "preset").fails(3).err()).contains("no schema 'preset'");
        llmcm.run("set", "presets/chat", "{\"max_tokens\":9000}").ok();
    }
}
