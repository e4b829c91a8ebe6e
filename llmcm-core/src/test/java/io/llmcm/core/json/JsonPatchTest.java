package io.llmcm.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

class JsonPatchTest {
    private static JsonNode apply(String doc, String patch) {
        return JsonPatch.apply(Json.parse(doc), (ArrayNode) Json.parse(patch));
    }

    /** RFC 6902 Appendix A: the examples that succeed (A.1–A.8, A.10, A.11, A.14, A.16). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        A.1  | {"foo":"bar"} | [{"op":"add","path":"/baz","value":"qux"}] | {"baz":"qux","foo":"bar"}
        A.2  | {"foo":["bar","baz"]} | [{"op":"add","path":"/foo/1","value":"qux"}] | {"foo":["bar","qux","baz"]}
        A.3  | {"baz":"qux","foo":"bar"} | [{"op":"remove","path":"/baz"}] | {"foo":"bar"}
        A.4  | {"foo":["bar","qux","baz"]} | [{"op":"remove","path":"/foo/1"}] | {"foo":["bar","baz"]}
        A.5  | {"baz":"qux","foo":"bar"} | [{"op":"replace","path":"/baz","value":"boo"}] | {"baz":"boo","foo":"bar"}
        A.6  | {"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}} | [{"op":"move","from":"/foo/waldo","path":"/qux/thud"}] | {"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}
        A.7  | {"foo":["all","grass","cows","eat"]} | [{"op":"move","from":"/foo/1","path":"/foo/3"}] | {"foo":["all","cows","eat","grass"]}
        A.8  | {"baz":"qux","foo":["a",2,"c"]} | [{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}] | {"baz":"qux","foo":["a",2,"c"]}
        A.10 | {"foo":"bar"} | [{"op":"add","path":"/child","value":{"grandchild":{}}}] | {"foo":"bar","child":{"grandchild":{}}}
        A.11 | {"foo":"bar"} | [{"op":"add","path":"/baz","value":"qux","xyz":123}] | {"foo":"bar","baz":"qux"}
        A.14 | {"/":9,"~1":10} | [{"op":"test","path":"/~01","value":10}] | {"/":9,"~1":10}
        A.16 | {"foo":["bar"]} | [{"op":"add","path":"/foo/-","value":["abc","def"]}] | {"foo":["bar",["abc","def"]]}
        """)
    void rfcAppendixExamples(String name, String doc, String patch, String expected) {
        assertThat(apply(doc, patch)).isEqualTo(Json.parse(expected));
    }

    @Test
    void rfcA9TestFailure() {
        assertThatThrownBy(() -> apply("{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}", "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"bar\"}]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("patch[0] (test /baz): test failed: the value differs");
    }

    @Test
    void rfcA12AddingToANonexistentTarget() {
        assertThatThrownBy(() -> apply("{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/baz/bat\",\"value\":\"qux\"}]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("patch[0] (add /baz/bat): the parent location does not exist");
    }

    @Test
    void rfcA13DuplicateMembersAreAnInvalidPatch() {
        // "cannot be treated as an add": the JSON parser refuses the duplicate "op" outright
        assertThatThrownBy(() -> apply("{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\",\"op\":\"remove\"}]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": duplicate field 'op'");
    }

    @Test
    void rfcA15StringsAreNotNumbers() {
        assertThatThrownBy(() -> apply("{\"/\":9,\"~1\":10}", "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":\"10\"}]"))
                .hasMessage("patch[0] (test /~01): test failed: the value differs");
    }

    @Test
    void testComparesNumbersByValueAndObjectsIgnoringOrder() {
        assertThat(apply("{\"a\":1,\"b\":{\"x\":1,\"y\":[2.0]}}",
                        "[{\"op\":\"test\",\"path\":\"/a\",\"value\":1.0},{\"op\":\"test\",\"path\":\"/b\",\"value\":{\"y\":[2],\"x\":1e0}}]"))
                .isEqualTo(Json.parse("{\"a\":1,\"b\":{\"x\":1,\"y\":[2.0]}}"));
    }

    @Test
    void rootOperations() {
        assertThat(apply("{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"\",\"value\":[1]}]")).isEqualTo(Json.parse("[1]"));
        assertThat(apply("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"\",\"value\":2}]")).isEqualTo(Json.parse("2"));
        assertThat(apply("{\"a\":{\"b\":1}}", "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"\"}]")).isEqualTo(Json.parse("{\"b\":1}"));
        assertThatThrownBy(() -> apply("{}", "[{\"op\":\"remove\",\"path\":\"\"}]"))
                .hasMessage("patch[0] (remove (root)): cannot remove the whole document");
    }

    @Test
    void copyAndMoveEdgeCases() {
        assertThat(apply("{\"a\":{\"b\":1}}", "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/a/c\"}]"))
                .isEqualTo(Json.parse("{\"a\":{\"b\":1,\"c\":{\"b\":1}}}"));
        assertThat(apply("{\"a\":1}", "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a\"}]")).isEqualTo(Json.parse("{\"a\":1}"));
        assertThatThrownBy(() -> apply("{\"a\":{\"b\":1}}", "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/c\"}]"))
                .hasMessage("patch[0] (move /a/c): cannot move a value into itself (\"from\" is above \"path\")");
        assertThatThrownBy(() -> apply("{}", "[{\"op\":\"copy\",\"from\":\"/x\",\"path\":\"/y\"}]"))
                .hasMessage("patch[0] (copy /y): the \"from\" location does not exist");
    }

    @Test
    void errorsNameTheIndexOpAndPointer() {
        String doc = "{\"a\":[1,2],\"s\":\"s3cr3t\"}";
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"test\",\"path\":\"/a/0\",\"value\":1},{\"op\":\"add\",\"path\":\"/a/3\",\"value\":0}]"))
                .hasMessage("patch[1] (add /a/3): index 3 is past the end of the array (size 2)");
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"remove\",\"path\":\"/a/01\"}]"))
                .hasMessage("patch[0] (remove /a/01): the \"path\" location does not exist");
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"add\",\"path\":\"/a/x\",\"value\":0}]"))
                .hasMessage("patch[0] (add /a/x): 'x' is not an array index");
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"add\",\"path\":\"/s/x\",\"value\":0}]"))
                .hasMessage("patch[0] (add /s/x): the parent location is not an object or array");
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"replace\",\"path\":\"/s\"}]"))
                .hasMessage("patch[0] (replace /s): the operation needs a \"value\"");
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"frobnicate\",\"path\":\"/s\"}]"))
                .hasMessage("patch[0] (frobnicate /s): unknown op; expected add, remove, replace, move, copy or test");
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"remove\"}]"))
                .hasMessage("patch[0] (remove): the operation needs \"path\" as a string");
        assertThatThrownBy(() -> apply(doc, "[{\"path\":\"/a\"}]"))
                .hasMessage("patch[0] (?): the operation needs \"op\" as a string");
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"move\",\"path\":\"/b\"}]"))
                .hasMessage("patch[0] (move /b): the operation needs \"from\" as a string");
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"remove\",\"path\":\"a\"}]"))
                .hasMessage("patch[0] (remove a): 'a' is not a JSON pointer: a JSON pointer is empty or starts with '/'");
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"remove\",\"path\":\"/~2\"}]"))
                .hasMessageContaining("'~' is followed by 0 or 1");
        assertThatThrownBy(() -> apply(doc, "[1]"))
                .hasMessage("patch[0]: an operation is an object with \"op\" and \"path\"");
        assertThatThrownBy(() -> apply(doc, "[{\"op\":\"test\",\"path\":\"/s\",\"value\":\"guess\"}]"))
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("guess");
    }

    @Test
    void replaceKeepsTheFieldsPosition() {
        assertThat(apply("{\"a\":1,\"b\":2,\"c\":3}", "[{\"op\":\"replace\",\"path\":\"/b\",\"value\":9}]").propertyNames())
                .containsExactly("a", "b", "c");
    }

    @Test
    void diffRecursesIntoObjectsAndEqualLengthArrays() {
        JsonNode from = Json.parse("{\"temperature\":0.7,\"top_p\":1,\"m\":{\"x\":[1,2]},\"t\":[1],\"k\":\"v\"}");
        JsonNode to = Json.parse("{\"temperature\":0.2,\"m\":{\"x\":[1,3]},\"t\":[1,2],\"k\":{\"v\":1},\"stop\":[\"\\n\"]}");
        assertThat(JsonPatch.diff(from, to)).isEqualTo(Json.parse("""
                [{"op":"replace","path":"/temperature","value":0.2,"fromValue":0.7},
                 {"op":"remove","path":"/top_p"},
                 {"op":"replace","path":"/m/x/1","value":3,"fromValue":2},
                 {"op":"replace","path":"/t","value":[1,2],"fromValue":[1]},
                 {"op":"replace","path":"/k","value":{"v":1},"fromValue":"v"},
                 {"op":"add","path":"/stop","value":["\\n"]}]"""));
    }

    @Test
    void diffEscapesPointers() {
        assertThat(JsonPatch.diff(Json.parse("{\"a/b\":{\"~c\":1}}"), Json.parse("{\"a/b\":{\"~c\":2}}")).get(0).get("path").stringValue())
                .isEqualTo("/a~1b/~0c");
    }

    @Test
    void diffOfDifferentScalarsAtTheTopReplacesTheRoot() {
        assertThat(JsonPatch.diff(Json.parse("1"), Json.parse("\"x\"")))
                .isEqualTo(Json.parse("[{\"op\":\"replace\",\"path\":\"\",\"value\":\"x\",\"fromValue\":1}]"));
    }

    @Test
    void describeGivesOneReadableLinePerOp() {
        JsonNode from = Json.parse("{\"temperature\":0.7,\"top_p\":1}");
        JsonNode to = Json.parse("{\"temperature\":0.2,\"stop\":[\"\\n\"]}");
        assertThat(JsonPatch.describe(JsonPatch.diff(from, to)))
                .containsExactly("~ /temperature: 0.7 → 0.2", "- /top_p", "+ /stop: [\"\\n\"]");
        assertThat(JsonPatch.describe((ArrayNode) Json.parse("""
                [{"op":"move","from":"/a","path":"/b"},{"op":"copy","from":"/a","path":"/c"},
                 {"op":"test","path":"","value":{}},{"op":"replace","path":"/x","value":1},{"op":"odd"},
                 {"op":"add","path":"/new\\nline"}]""")))
                .containsExactly("move /a → /b", "copy /a → /c", "test (root): {}", "~ /x: 1", "odd ?", "+ /new?line: ?");
    }

    @Test
    void describeCutsLongValues() {
        String longText = "x".repeat(200);
        String line = JsonPatch.describe(JsonPatch.diff(Json.parse("{}"), Json.parse("{\"p\":\"" + longText + "\"}"))).get(0);
        assertThat(line).isEqualTo("+ /p: \"" + "x".repeat(78) + "…");
        String emoji = "😀".repeat(100);
        String cut = JsonPatch.describe(JsonPatch.diff(Json.parse("{}"), Json.parse("{\"p\":\"" + emoji + "\"}"))).get(0);
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo("+ /p: ".length() + 80);
    }
}
