package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Route;
import io.llmcm.server.routes.MetaRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** openapi.yaml describes exactly the registered routes, their path parameters and their security. */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    static TestServer s;
    static JsonNode doc;

    @BeforeAll
    static void start() {
        s = TestServer.start();
        doc = MetaRoutes.openApi();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void theDocumentIsOpenApi31() {
        assertThat(doc.get("openapi").asString()).startsWith("3.1");
    }

    @Test
    void everyRegisteredRouteIsDescribedAndNothingElse() {
        Set<String> registered = new TreeSet<>();
        for (Route r : s.server().routes()) {
            registered.add(r.method().name() + " " + r.openApiPath());
        }
        Set<String> described = new TreeSet<>();
        for (var path : doc.get("paths").properties()) {
            for (var op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey())) {
                    described.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        assertThat(described).isEqualTo(registered);
    }

    @Test
    void everyPathParameterIsDeclared() {
        List<String> missing = new ArrayList<>();
        for (Route r : s.server().routes()) {
            JsonNode item = doc.get("paths").get(r.openApiPath());
            JsonNode op = item.get(r.method().name().toLowerCase(Locale.ROOT));
            Set<String> declared = new TreeSet<>();
            for (JsonNode params : new JsonNode[] {item.get("parameters"), op.get("parameters")}) {
                if (params == null) {
                    continue;
                }
                for (JsonNode p : params.values()) {
                    JsonNode resolved = resolve(p);
                    if ("path".equals(resolved.get("in").asString())) {
                        assertThat(resolved.get("required").asBoolean()).as(r + " " + resolved.get("name")).isTrue();
                        declared.add(resolved.get("name").asString());
                    }
                }
            }
            Matcher m = PARAM.matcher(r.openApiPath());
            Set<String> inTemplate = new TreeSet<>();
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            if (!declared.equals(inTemplate)) {
                missing.add(r + ": template " + inTemplate + ", declared " + declared);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyRouteThatNeedsACredentialSaysSoAndPublicOnesDoNot() {
        assertThat(doc.get("security")).isNotNull();
        assertThat(doc.get("security").isEmpty()).isFalse();
        List<String> wrong = new ArrayList<>();
        for (Route r : s.server().routes()) {
            JsonNode op = doc.get("paths").get(r.openApiPath()).get(r.method().name().toLowerCase(Locale.ROOT));
            JsonNode security = op.get("security");
            boolean open = security != null && security.isArray() && security.isEmpty();
            if (r.guard().kind() == Guard.Kind.PUBLIC) {
                if (!open) {
                    wrong.add(r + " is public but the document asks for a credential");
                }
            } else if (open) {
                // no security of its own inherits the document's bearer requirement (and so its 401)
                wrong.add(r + " needs a credential but the document says it does not");
            }
            if (!op.get("responses").isObject() || op.get("responses").isEmpty()) {
                wrong.add(r + " has no responses");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void requestBodiesRefuseUnknownProperties() {
        List<String> open = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            for (var op : path.getValue().properties()) {
                JsonNode body = op.getValue().get("requestBody");
                if (body == null) {
                    continue;
                }
                JsonNode schema = body.get("content").get("application/json") == null ? null : body.get("content").get("application/json").get("schema");
                if (schema != null && "object".equals(schema.path("type").asString("")) && !schema.path("additionalProperties").isBoolean()) {
                    open.add(op.getKey() + " " + path.getKey());
                }
            }
        }
        assertThat(open).isEmpty();
    }

    @Test
    void theServerServesTheDocumentAsJsonWithoutACredential() {
        TestServer.Reply r = s.get("/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(Json.parse(r.body())).isEqualTo(doc);
    }

    private static JsonNode resolve(JsonNode p) {
        JsonNode ref = p.get("$ref");
        if (ref == null) {
            return p;
        }
        JsonNode at = doc;
        for (String part : ref.asString().substring(2).split("/")) {
            at = at.get(part);
        }
        return at;
    }
}
