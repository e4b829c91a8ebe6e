package io.llmcm.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.client.ConfigValue;
import io.llmcm.client.Snapshot;
import io.llmcm.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateTest {
    static final Snapshot SNAPSHOT = Snapshot.of(7, List.of(
            new ConfigValue("models/chat", Json.parse("{\"model\":\"gpt-4o\",\"limits\":{\"rpm\":100},\"tags\":[\"a\",\"b\"]}"), "json", 5, null),
            new ConfigValue("prompts/sys", Json.parse("\"Be brief.\\n\""), "text", 6, null),
            new ConfigValue("keys/openai", Json.parse("\"sk-123\""), "secret", 7, null),
            new ConfigValue("keys/masked", Json.parse("{\"secret\":\"***\",\"version\":4}"), "secret", 4, null)));

    @TempDir
    Path dir;

    @Test
    void insertsStringsAsIsAndEverythingElseAsCompactJson() {
        Template t = Template.parse("m={{ models/chat#/model }} rpm={{models/chat#/limits/rpm}} l={{ models/chat#/limits }}"
                + " tags={{ models/chat#/tags }} first={{ models/chat#/tags/0 }}\n{{ prompts/sys }}");
        assertThat(t.paths()).containsExactly("models/chat", "prompts/sys");
        Template.Rendered r = t.render(SNAPSHOT, false);
        assertThat(r.text()).isEqualTo("m=gpt-4o rpm=100 l={\"rpm\":100} tags=[\"a\",\"b\"] first=a\nBe brief.\n");
        assertThat(r.holdsSecret()).isFalse();
        assertThat(Template.parse("{{ models/chat }}").render(SNAPSHOT, false).text()).isEqualTo(
                "{\"model\":\"gpt-4o\",\"limits\":{\"rpm\":100},\"tags\":[\"a\",\"b\"]}");
        assertThat(Template.parse("no placeholders } {").render(SNAPSHOT, false).text()).isEqualTo("no placeholders } {");
    }

    @Test
    void aMissingValueOrFieldIsAnErrorNamingTheLineAndPathNeverAValue() {
        assertThatThrownBy(() -> Template.parse("a\n{{ models/none }}").render(SNAPSHOT, false))
                .hasMessage("line 2: no value at 'models/none' (revision 7)");
        assertThatThrownBy(() -> Template.parse("{{ models/chat#/temperature }}").render(SNAPSHOT, false))
                .hasMessage("line 1: 'models/chat' has nothing at /temperature");
        assertThatThrownBy(() -> Template.parse("x {{ models/chat")).hasMessageContaining("line 1: '{{' is not closed");
        assertThatThrownBy(() -> Template.parse("{{ models/chat\n}}")).hasMessageContaining("is not closed by '}}' on the same line");
        assertThatThrownBy(() -> Template.parse("{{ }}")).hasMessageContaining("is not {{ PATH }}");
        assertThatThrownBy(() -> Template.parse("{{ a b }}")).hasMessageContaining("is not {{ PATH }}");
        assertThatThrownBy(() -> Template.parse("{{ models/chat#model }}")).hasMessageContaining("is not a JSON pointer");
    }

    @Test
    void secretsOnlyWhenRevealedAndNeverTheirMask() {
        assertThatThrownBy(() -> Template.parse("{{ keys/openai }}").render(SNAPSHOT, false))
                .hasMessageContaining("is a secret; the agent renders secrets only with --reveal-secrets")
                .hasMessageNotContaining("sk-123");
        Template.Rendered r = Template.parse("key={{ keys/openai }}").render(SNAPSHOT, true);
        assertThat(r.text()).isEqualTo("key=sk-123");
        assertThat(r.holdsSecret()).isTrue();
        assertThatThrownBy(() -> Template.parse("{{ keys/masked }}").render(SNAPSHOT, true)).hasMessageContaining("could not be revealed");
    }

    @Test
    void filesAreReplacedWholeOnlyWhenTheirContentChanges() throws IOException {
        Path f = dir.resolve("app.conf");
        assertThat(Renderer.write(f, "a=1\n".getBytes(StandardCharsets.UTF_8), false)).isTrue();
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Renderer.write(f, "a=1\n".getBytes(StandardCharsets.UTF_8), false)).isFalse();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(Renderer.write(f, "a=2\n".getBytes(StandardCharsets.UTF_8), false)).isTrue();
        assertThat(Files.readString(f)).isEqualTo("a=2\n");
        assertThat(Files.getPosixFilePermissions(f)).as("kept").isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        Path s = dir.resolve("secret.conf");
        Renderer.write(s, "k=v".getBytes(StandardCharsets.UTF_8), true);
        assertThat(Files.getPosixFilePermissions(s)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted().toList()).as("no temporary file left").containsExactly("app.conf", "secret.conf");
        }
    }
}
