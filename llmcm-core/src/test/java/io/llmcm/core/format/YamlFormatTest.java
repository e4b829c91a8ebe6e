package io.llmcm.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import org.junit.jupiter.api.Test;

class YamlFormatTest {
    @Test
    void readsTheCoreSchema() {
        assertThat(Format.YAML.read("""
                a: ~
                b: null
                c: true
                d: yes
                e: 012
                f: 0x1F
                g: 1.5
                h: "012"
                i: 2024-01-01
                j:
                k: ''
                l: [1, two]
                """))
                .isEqualTo(Json.parse("""
                        {"a":null,"b":null,"c":true,"d":"yes","e":12,"f":31,"g":1.5,"h":"012",
                         "i":"2024-01-01","j":null,"k":"","l":[1,"two"]}"""));
    }

    @Test
    void scalarsAtTheTopAreValues() {
        assertThat(Format.YAML.read("hello")).isEqualTo(Json.NODES.stringNode("hello"));
        assertThat(Format.YAML.read("- 1\n- 2\n")).isEqualTo(Json.parse("[1,2]"));
        assertThat(Format.YAML.read("---\na: 1\n")).isEqualTo(Json.parse("{\"a\":1}"));
    }

    @Test
    void unicodeSurvives() {
        String yaml = Format.YAML.write(Json.parse("{\"名前\":\"日本語 😀\",\"é\":[\"ü\"]}"));
        assertThat(yaml).contains("名前").contains("😀");
        assertThat(Format.YAML.read(yaml)).isEqualTo(Json.parse("{\"名前\":\"日本語 😀\",\"é\":[\"ü\"]}"));
    }

    @Test
    void writesWithoutDocumentMarkerAndQuotesStringsThatLookTyped() {
        String yaml = Format.YAML.write(Json.parse("{\"a\":\"yes\",\"b\":\"012\",\"c\":\"~\",\"d\":12}"));
        assertThat(yaml).doesNotContain("---").isEqualTo("a: \"yes\"\nb: \"012\"\nc: \"~\"\nd: 12\n");
        assertThat(Format.YAML.write(Json.NODES.stringNode(""))).isEqualTo("\"\"\n");
    }

    @Test
    void multiLineStringsAreLiteralBlocks() {
        String yaml = Format.YAML.write(Json.parse("{\"system\":\"You are helpful.\\nBe brief.\\n\"}"));
        assertThat(yaml).isEqualTo("system: |\n  You are helpful.\n  Be brief.\n");
    }

    @Test
    void aliasesAndMergeKeysAreResolved() {
        assertThat(Format.YAML.read("""
                base: &base {temperature: 0.2, top_p: 1}
                fast:
                  <<: *base
                  model: mini
                copy: *base
                """))
                .isEqualTo(Json.parse("""
                        {"base":{"temperature":0.2,"top_p":1},
                         "fast":{"temperature":0.2,"top_p":1,"model":"mini"},
                         "copy":{"temperature":0.2,"top_p":1}}"""));
    }

    @Test
    void keysAfterAMergeOverrideItAndKeysBeforeItAreAnError() {
        assertThat(Format.YAML.read("base: &b {t: 0.2, p: 1}\nfast:\n  <<: *b\n  t: 0.9\n"))
                .isEqualTo(Json.parse("{\"base\":{\"t\":0.2,\"p\":1},\"fast\":{\"t\":0.9,\"p\":1}}"));
        // YAML says t: 0.9 wins; the expanding parser would let the merge win, so this is refused
        assertThatThrownBy(() -> Format.YAML.read("base: &b {t: 0.2}\nfast:\n  t: 0.9\n  <<: *b\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("not valid YAML at line 4, column 3: put the << merge key before the other keys of its mapping");
    }

    @Test
    void aMergeOfAListIsNotSupported() {
        assertThatThrownBy(() -> Format.YAML.read("a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("not valid YAML at line 4, column 3: a << merge key needs a mapping or an alias of one");
    }

    @Test
    void aBillionLaughsFailsInsteadOfFillingMemory() {
        StringBuilder doc = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            doc.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        assertThatThrownBy(() -> Format.YAML.read(doc.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("not valid YAML")
                .hasMessageContaining("exceeds a limit");
    }

    @Test
    void manyAliasesWithinTheBudgetAreFine() {
        StringBuilder doc = new StringBuilder("d: &d {a: 1, b: [1, 2, 3]}\nl:\n");
        doc.append("- *d\n".repeat(5000));
        assertThat(Format.YAML.read(doc.toString()).get("l").size()).isEqualTo(5000);
    }

    @Test
    void tagsNeverCreateObjects() {
        // an explicit tag turns off implicit typing: the scalar stays text
        assertThat(Format.YAML.read("a: !!java.io.File /tmp/x\nb: !custom 1\n"))
                .isEqualTo(Json.parse("{\"a\":\"/tmp/x\",\"b\":\"1\"}"));
    }

    @Test
    void aSecondDocumentIsAnError() {
        assertThatThrownBy(() -> Format.YAML.read("a: 1\n---\nb: 2\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("not valid YAML: a file holds one document, and a second one starts at line 3, column 1");
    }

    @Test
    void duplicateKeysAreAnError() {
        assertThatThrownBy(() -> Format.YAML.read("a: 1\nb: 2\na: s3cr3t\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("not valid YAML at line 3")
                .hasMessageEndingWith(": a key appears twice in the same mapping")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void syntaxErrorsNameLineAndColumnButNotContent() {
        assertThatThrownBy(() -> Format.YAML.read("ok: 1\npassword: \"s3cr3t\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("not valid YAML at line ")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> Format.YAML.read("a: 1\n  b: : s3cr3t\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("not valid YAML at line 2, column 4");
    }

    @Test
    void aFieldNamedLikeTheMergeKeyCannotBeWritten() {
        assertThatThrownBy(() -> Format.YAML.write(Json.parse("{\"a\":[{\"<<\":1}]}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("YAML cannot hold a field named '<<' (it reads back as a merge key), at /a/0/<<");
    }
}
