package io.llmcm.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.json.MergePatch;
import io.llmcm.core.validation.CompiledSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every provider schema against valid deployments and against invalid ones, each invalid one with
 * the exact pointers and messages a user sees (validated without a scope: the shipped catalog).
 */
class ProviderSchemasTest {
    private static final Map<String, CompiledSchema> COMPILED = new ConcurrentHashMap<>();

    /** A valid deployment per schema; the cases below patch it. */
    private static final Map<String, String> BASE = Map.of(
            "openai", """
                    {"provider":"openai","model":"gpt-4o","endpoint":"https://api.openai.com/v1",
                     "api_key":"${secret:providers/openai/api-key}",
                     "params":{"temperature":0.7,"top_p":1,"max_tokens":1024,"stop":["\\n\\n"]},
                     "limits":{"requests_per_minute":600,"tokens_per_minute":200000}}""",
            "azure-openai", """
                    {"provider":"azure-openai","model":"gpt-4o","endpoint":"https://acme-eu.openai.azure.com",
                     "deployment":"gpt-4o-eu","api_version":"2024-10-21","api_key":"${secret:providers/azure/key}",
                     "params":{"temperature":0.2,"max_tokens":4096}}""",
            "anthropic", """
                    {"provider":"anthropic","model":"claude-sonnet-4-20250514","api_version":"2023-06-01",
                     "api_key":"${secret:providers/anthropic/api-key}",
                     "params":{"temperature":0.5,"max_tokens":8192,"top_k":40}}""",
            "gemini", """
                    {"provider":"gemini","model":"gemini-2.5-flash","api_version":"v1beta",
                     "api_key":"${secret:providers/gemini/api-key}",
                     "params":{"temperature":1.0,"max_output_tokens":8192,"stop_sequences":["END"]}}""",
            "vertex", """
                    {"provider":"vertex","model":"gemini-2.5-pro","project":"acme-ml-prod","location":"europe-west4",
                     "endpoint":"https://europe-west4-aiplatform.googleapis.com",
                     "credentials":"${secret:providers/vertex/sa}",
                     "params":{"temperature":0.3,"max_output_tokens":32768,"top_k":40}}""",
            "bedrock", """
                    {"provider":"bedrock","model":"anthropic.claude-3-5-sonnet-20240620-v1:0","region":"us-east-1",
                     "access_key_id":"${secret:aws/key-id}","secret_access_key":"${secret:aws/secret}",
                     "params":{"temperature":0.5,"max_tokens":4096,"stop_sequences":["Human:"]}}""",
            "openai-compatible", """
                    {"provider":"openai-compatible","server":"vllm","model":"meta-llama/Llama-3.1-8B-Instruct",
                     "endpoint":"http://localhost:8000/v1","params":{"temperature":0.8,"max_tokens":2048,"top_k":50}}""",
            "llm-catalog", """
                    {"models":{"gpt-4o":{"max_output_tokens":4096},"acme-7b":{"provider":"local","context_window":8192}}}""");

    private static CompiledSchema schema(String name) {
        return COMPILED.computeIfAbsent(name, n -> CompiledSchema.compile(BuiltinSchemas.binding("acme", n, null)));
    }

    private static List<String> check(String name, JsonNode doc) {
        return schema(name).validate(doc).stream().map(v -> v.pointer() + ": " + v.message()).toList();
    }

    private static JsonNode patched(String name, String patch) {
        JsonNode base = Json.parse(BASE.get(name));
        return patch.isBlank() ? base : MergePatch.apply(base, Json.parse(patch));
    }

    static Stream<Arguments> validDocuments() {
        return Stream.of(
                // each base document
                Arguments.of("openai", ""), Arguments.of("azure-openai", ""), Arguments.of("anthropic", ""),
                Arguments.of("gemini", ""), Arguments.of("vertex", ""), Arguments.of("bedrock", ""),
                Arguments.of("openai-compatible", ""), Arguments.of("llm-catalog", ""),
                // minimal forms
                Arguments.of("openai", "{\"endpoint\":null,\"params\":null,\"limits\":null}"),
                Arguments.of("openai", "{\"endpoint\":\"https://eu.api.openai.com/v1/\",\"params\":{\"max_tokens\":null,\"max_completion_tokens\":100000,\"reasoning_effort\":\"high\"},\"model\":\"o3-mini\"}"),
                Arguments.of("openai", "{\"model\":\"ft:gpt-4o-mini-2024-07-18:acme::9abc\",\"params\":{\"max_tokens\":500000}}"),
                Arguments.of("openai", "{\"params\":{\"stop\":\"###\",\"temperature\":0,\"presence_penalty\":-2,\"frequency_penalty\":2}}"),
                Arguments.of("openai", "{\"params\":{\"max_tokens\":16384}}"),
                Arguments.of("openai", "{\"$targeting\":[]}"),
                Arguments.of("azure-openai", "{\"api_key\":null,\"azure_ad_token\":\"${secret:azure/token}\",\"api_version\":\"2025-04-01-preview\"}"),
                Arguments.of("azure-openai", "{\"endpoint\":\"https://acme.cognitiveservices.azure.com/\"}"),
                Arguments.of("anthropic", "{\"model\":\"claude-sonnet-4-0\",\"params\":{\"max_tokens\":100000}}"),
                Arguments.of("anthropic", "{\"endpoint\":\"https://api.anthropic.com\",\"params\":{\"max_tokens\":64000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":16000}}}"),
                Arguments.of("gemini", "{\"api_version\":\"v1\",\"endpoint\":\"https://generativelanguage.googleapis.com/v1beta\",\"params\":{\"candidate_count\":8,\"max_output_tokens\":65536}}"),
                Arguments.of("vertex", "{\"location\":\"global\",\"endpoint\":\"https://aiplatform.googleapis.com\",\"credentials\":null}"),
                Arguments.of("vertex", "{\"model\":\"claude-3-5-haiku@20241022\",\"endpoint\":null}"),
                Arguments.of("bedrock", "{\"access_key_id\":null,\"secret_access_key\":null,\"role_arn\":\"arn:aws:iam::123456789012:role/llm-gateway\"}"),
                Arguments.of("bedrock", "{\"model\":\"us.anthropic.claude-3-7-sonnet-20250219-v1:0\",\"endpoint\":\"https://bedrock-runtime.us-east-1.amazonaws.com\",\"params\":{\"max_tokens\":100000}}"),
                Arguments.of("bedrock", "{\"model\":\"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-1-70b-instruct-v1:0\"}"),
                Arguments.of("openai-compatible", "{\"server\":\"ollama\",\"model\":\"llama3.1:8b\",\"endpoint\":\"http://127.0.0.1:11434/v1\"}"),
                Arguments.of("openai-compatible", "{\"server\":\"lmstudio\",\"endpoint\":\"http://[::1]:1234/v1\"}"),
                Arguments.of("openai-compatible", "{\"endpoint\":\"http://vllm.internal:8000/v1\",\"insecure_http\":true}"),
                Arguments.of("openai-compatible", "{\"server\":\"other\",\"endpoint\":\"https://llm.internal.acme.com/v1\",\"api_key\":\"${secret:gw/key}\",\"model\":\"gpt-4o\"}"),
                Arguments.of("openai-compatible", "{\"model\":\"qwen2.5-7b-instruct\",\"params\":{\"max_tokens\":8192}}"),
                Arguments.of("llm-catalog", "{\"models\":{\"o1\":null,\"gpt-4o\":{\"input_price_per_mtok\":null,\"deprecation_date\":\"2026-06-30\"}}}"),
                Arguments.of("llm-catalog", "{\"models\":{\"gpt-4o\":{\"max_output_tokens\":null}}}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("validDocuments")
    void validDocumentsPass(String name, String patch) {
        assertThat(check(name, patched(name, patch))).isEmpty();
    }

    /** schema | merge patch over its base document | every expected "pointer: message", ";;"-separated. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '~', textBlock = """
            openai | {"provider":"anthropic"} | /provider: must be exactly openai
            openai | {"api_key":"sk-proj-abc123"} | /api_key: api_key must be a secret reference such as ${secret:providers/openai/api-key}, never the credential itself: store it with `llmcm secret set providers/openai/api-key` and reference it here
            openai | {"api_key":null} | : required property 'api_key' is missing
            openai | {"params":{"temperature":2.5}} | /params/temperature: must be at most 2 (got 2.5)
            openai | {"params":{"top_p":1.5}} | /params/top_p: must be at most 1 (got 1.5)
            openai | {"params":{"presence_penalty":-2.5}} | /params/presence_penalty: must be at least -2 (got -2.5)
            openai | {"params":{"frequency_penalty":3}} | /params/frequency_penalty: must be at most 2 (got 3)
            openai | {"params":{"stop":["a","b","c","d","e"]}} | /params/stop: must have at most 4 items (got 5)
            openai | {"params":{"tempreature":0.5}} | /params: property 'tempreature' is not allowed
            openai | {"params":{"max_tokens":0}} | /params/max_tokens: must be at least 1 (got 0)
            openai | {"params":{"max_tokens":200000}} | /params/max_tokens: params.max_tokens 200000 is above the 128000-token context window of gpt-4o ;; /params/max_tokens: params.max_tokens 200000 is above the 16384-token output limit (max_output_tokens) of gpt-4o
            openai | {"params":{"max_tokens":16385}} | /params/max_tokens: params.max_tokens 16385 is above the 16384-token output limit (max_output_tokens) of gpt-4o
            openai | {"model":"o3-mini","params":{"max_tokens":null,"max_completion_tokens":100001}} | /params/max_completion_tokens: params.max_completion_tokens 100001 is above the 100000-token output limit (max_output_tokens) of o3-mini
            openai | {"model":"claude-sonnet-4-20250514"} | /model: claude-sonnet-4-20250514 is listed in the catalog under provider anthropic, but this deployment follows the openai schema, which serves openai models: use the schema of that provider or fix the model id
            openai | {"model":"gpt 4o"} | /model: must match the pattern ^[A-Za-z0-9][A-Za-z0-9._:-]*$
            openai | {"endpoint":"http://api.openai.com/v1"} | /endpoint: must match the pattern ^https://([a-z]{2}\\.)?api\\.openai\\.com/v1/?$
            openai | {"endpoint":"not a uri"} | /endpoint: must be a valid uri ;; /endpoint: must match the pattern ^https://([a-z]{2}\\.)?api\\.openai\\.com/v1/?$
            openai | {"api_version":"2024-01-01"} | : property 'api_version' is not allowed
            openai | {"limits":{"tokens_per_minute":0,"rpm":5}} | /limits/tokens_per_minute: must be at least 1 (got 0) ;; /limits: property 'rpm' is not allowed
            azure-openai | {"endpoint":"https://acme.openai.com"} | /endpoint: must match the pattern ^https://[a-z0-9][a-z0-9-]{0,62}\\.(openai\\.azure\\.com|cognitiveservices\\.azure\\…
            azure-openai | {"api_version":"2024-10"} | /api_version: must match the pattern ^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$
            azure-openai | {"api_version":null,"deployment":null} | : required property 'deployment' is missing ;; : required property 'api_version' is missing
            azure-openai | {"api_key":null} | : set api_key or azure_ad_token, as a ${secret:...} reference
            azure-openai | {"azure_ad_token":"eyJhbGciOi"} | /azure_ad_token: azure_ad_token must be a secret reference such as ${secret:providers/azure/ad-token}, never the credential itself: store it with `llmcm secret set providers/azure/ad-token` and reference it here
            azure-openai | {"params":{"temperature":-0.1}} | /params/temperature: must be at least 0 (got -0.1)
            azure-openai | {"params":{"max_tokens":131072}} | /params/max_tokens: params.max_tokens 131072 is above the 128000-token context window of gpt-4o ;; /params/max_tokens: params.max_tokens 131072 is above the 16384-token output limit (max_output_tokens) of gpt-4o
            azure-openai | {"model":"gemini-2.0-flash"} | /model: gemini-2.0-flash is listed in the catalog under provider google, but this deployment follows the azure-openai schema, which serves openai models: use the schema of that provider or fix the model id
            anthropic | {"params":{"temperature":1.5}} | /params/temperature: must be at most 1 (got 1.5)
            anthropic | {"params":{"max_tokens":null}} | /params: required property 'max_tokens' is missing
            anthropic | {"params":{"top_k":-1}} | /params/top_k: must be at least 0 (got -1)
            anthropic | {"params":{"max_tokens":100000}} | /params/max_tokens: params.max_tokens 100000 is above the 64000-token output limit (max_output_tokens) of claude-sonnet-4-20250514
            anthropic | {"model":"claude-opus-4-20250514","params":{"max_tokens":64000}} | /params/max_tokens: params.max_tokens 64000 is above the 32000-token output limit (max_output_tokens) of claude-opus-4-20250514
            anthropic | {"api_version":"2024-01-01"} | /api_version: must be one of [2023-06-01]
            anthropic | {"model":"gpt-4o"} | /model: must match the pattern ^claude-[a-z0-9][a-z0-9.-]*$ ;; /model: gpt-4o is listed in the catalog under provider openai, but this deployment follows the anthropic schema, which serves anthropic models: use the schema of that provider or fix the model id
            anthropic | {"api_key":"sk-ant-api03-xyz"} | /api_key: api_key must be a secret reference such as ${secret:providers/anthropic/api-key}, never the credential itself: store it with `llmcm secret set providers/anthropic/api-key` and reference it here
            anthropic | {"endpoint":"https://api.anthropic.com/v2"} | /endpoint: must match the pattern ^https://api\\.anthropic\\.com(/v1)?/?$
            anthropic | {"params":{"thinking":{"type":"enabled","budget_tokens":8192}}} | /params/thinking/budget_tokens: params.thinking.budget_tokens 8192 must be below params.max_tokens 8192
            anthropic | {"params":{"stop":["x"]}} | /params: property 'stop' is not allowed
            gemini | {"params":{"temperature":2.1}} | /params/temperature: must be at most 2 (got 2.1)
            gemini | {"params":{"top_k":0}} | /params/top_k: must be at least 1 (got 0)
            gemini | {"params":{"stop_sequences":["1","2","3","4","5","6"]}} | /params/stop_sequences: must have at most 5 items (got 6)
            gemini | {"params":{"candidate_count":9}} | /params/candidate_count: must be at most 8 (got 9)
            gemini | {"params":{"max_tokens":100}} | /params: property 'max_tokens' is not allowed
            gemini | {"params":{"max_output_tokens":70000}} | /params/max_output_tokens: params.max_output_tokens 70000 is above the 65536-token output limit (max_output_tokens) of gemini-2.5-flash
            gemini | {"api_version":"v2"} | /api_version: must be one of [v1, v1beta]
            gemini | {"model":"gpt-4o"} | /model: gpt-4o is listed in the catalog under provider openai, but this deployment follows the gemini schema, which serves google models: use the schema of that provider or fix the model id
            gemini | {"endpoint":"https://aiplatform.googleapis.com"} | /endpoint: must match the pattern ^https://generativelanguage\\.googleapis\\.com(/v1(beta)?)?/?$
            vertex | {"project":null,"location":null} | : required property 'project' is missing ;; : required property 'location' is missing
            vertex | {"project":"Acme"} | /project: must match the pattern ^[a-z][a-z0-9-]{4,28}[a-z0-9]$
            vertex | {"location":"us-central1"} | /endpoint: endpoint is not the endpoint of location us-central1: expected https://us-central1-aiplatform.googleapis.com
            vertex | {"location":"global"} | /endpoint: endpoint is not the endpoint of location global: expected https://aiplatform.googleapis.com
            vertex | {"credentials":"{\\"type\\":\\"service_account\\"}"} | /credentials: credentials must be a secret reference such as ${secret:providers/vertex/service-account}, never the credential itself: store it with `llmcm secret set providers/vertex/service-account` and reference it here
            vertex | {"params":{"max_output_tokens":65537}} | /params/max_output_tokens: params.max_output_tokens 65537 is above the 65536-token output limit (max_output_tokens) of gemini-2.5-pro
            vertex | {"model":"gemini-1.5-pro","params":{"max_output_tokens":10000}} | /params/max_output_tokens: params.max_output_tokens 10000 is above the 8192-token output limit (max_output_tokens) of gemini-1.5-pro
            vertex | {"params":{"top_p":-0.5}} | /params/top_p: must be at least 0 (got -0.5)
            bedrock | {"model":"gpt-4.1"} | /model: gpt-4.1 is listed in the catalog under provider openai, but this deployment follows the bedrock schema, which serves bedrock models: use the schema of that provider or fix the model id
            vertex | {"model":"claude-3-5-haiku-20241022","params":{"max_output_tokens":null}} | /model: claude-3-5-haiku-20241022 is listed in the catalog under provider anthropic, but this deployment follows the vertex schema, which serves google models: use the schema of that provider or fix the model id
            openai | {"model":"text-embedding-3-small","params":{"max_tokens":9000}} | /params/max_tokens: params.max_tokens 9000 is above the 8191-token context window of text-embedding-3-small
            bedrock | {"params":{"temperature":1.2}} | /params/temperature: must be at most 1 (got 1.2)
            bedrock | {"params":{"stop_sequences":["a","b","c","d","e"]}} | /params/stop_sequences: must have at most 4 items (got 5)
            bedrock | {"region":"useast1"} | /region: must match the pattern ^[a-z]{2}(-gov)?-[a-z]+-[0-9]$
            bedrock | {"model":"claude-3-5-sonnet"} | /model: must match the pattern ^(arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:[a-z-]+/[A-Za-z0-9.:/_-]+|([a-z]{…
            bedrock | {"secret_access_key":null} | : property 'secret_access_key' is required when 'access_key_id' is present
            bedrock | {"access_key_id":"AKIAIOSFODNN7EXAMPLE"} | /access_key_id: access_key_id must be a secret reference such as ${secret:providers/aws/access-key-id}, never the credential itself: store it with `llmcm secret set providers/aws/access-key-id` and reference it here
            bedrock | {"endpoint":"https://bedrock-runtime.eu-west-1.amazonaws.com"} | /endpoint: endpoint is not in region us-east-1: expected https://bedrock-runtime.us-east-1.amazonaws.com
            bedrock | {"params":{"max_tokens":8193}} | /params/max_tokens: params.max_tokens 8193 is above the 8192-token output limit (max_output_tokens) of anthropic.claude-3-5-sonnet-20240620-v1:0
            bedrock | {"model":"meta.llama3-1-70b-instruct-v1:0"} | /params/max_tokens: params.max_tokens 4096 is above the 2048-token output limit (max_output_tokens) of meta.llama3-1-70b-instruct-v1:0
            bedrock | {"role_arn":"arn:aws:iam::12345:role/x"} | /role_arn: must match the pattern ^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$
            openai-compatible | {"endpoint":"http://gpu-box.acme.internal:8000/v1"} | /endpoint: endpoint must use https unless the server runs on this machine (localhost, 127.0.0.1, [::1], host.docker.internal): plain http sends prompts and keys unencrypted; for a server on a private network set insecure_http: true
            openai-compatible | {"endpoint":"ftp://localhost/v1"} | /endpoint: must match the pattern ^https?://[^/?#]+(/[^?#]*)?$ ;; /endpoint: endpoint must use https unless the server runs on this machine (localhost, 127.0.0.1, [::1], host.docker.internal): plain http sends prompts and keys unencrypted; for a server on a private network set insecure_http: true
            openai-compatible | {"server":"tgi"} | /server: must be one of [vllm, ollama, lmstudio, other]
            openai-compatible | {"server":null,"endpoint":null} | : required property 'server' is missing ;; : required property 'endpoint' is missing
            openai-compatible | {"api_key":"sk-local-123"} | /api_key: api_key must be a secret reference such as ${secret:providers/local/api-key}, never the credential itself: store it with `llmcm secret set providers/local/api-key` and reference it here
            openai-compatible | {"params":{"temperature":3}} | /params/temperature: must be at most 2 (got 3)
            openai-compatible | {"params":{"repetition_penalty":0}} | /params/repetition_penalty: must be greater than 0 (got 0)
            openai-compatible | {"params":{"top_k":-2}} | /params/top_k: must be at least -1 (got -2)
            openai-compatible | {"model":"qwen2.5-7b-instruct","params":{"max_tokens":40000}} | /params/max_tokens: params.max_tokens 40000 is above the 32768-token context window of qwen2.5-7b-instruct ;; /params/max_tokens: params.max_tokens 40000 is above the 8192-token output limit (max_output_tokens) of qwen2.5-7b-instruct
            openai-compatible | {"model":"llama-3.1-8b-instruct","params":{"max_tokens":200000}} | /params/max_tokens: params.max_tokens 200000 is above the 131072-token context window of llama-3.1-8b-instruct
            llm-catalog | {"models":{"gpt-4o":{"max_output_tokens":200000}}} | /models: models.gpt-4o: max_output_tokens 200000 is above its context_window 128000
            llm-catalog | {"models":{"gpt-4o":{"context_window":2000}}} | /models: models.gpt-4o: max_output_tokens 4096 is above its context_window 2000
            llm-catalog | {"models":{"acme-7b":{"provider":null}}} | /models: models.acme-7b is not in the shipped catalog, so it needs at least provider and context_window
            llm-catalog | {"models":{"gpt-4o":{"context_window":-5}}} | /models/gpt-4o/context_window: must be at least 1 (got -5) ;; /models: models.gpt-4o: max_output_tokens 4096 is above its context_window -5
            llm-catalog | {"models":{"gpt-4o":{"context_window":"big"}}} | /models/gpt-4o/context_window: must be an integer (got a string)
            llm-catalog | {"models":{"gpt-4o":{"deprecation_date":"next year"}}} | /models/gpt-4o/deprecation_date: must be a valid date
            llm-catalog | {"models":{"gpt-4o":{"modalities":["text","smell"]}}} | /models/gpt-4o/modalities/1: must be one of [text, image, audio, video, pdf]
            llm-catalog | {"models":{"gpt-4o":{"ctx":1}}} | /models/gpt-4o: property 'ctx' is not allowed
            llm-catalog | {"models":{"gpt-4o":{"input_price_per_mtok":-1}}} | /models/gpt-4o/input_price_per_mtok: must be at least 0 (got -1)
            llm-catalog | {"models":{"gpt-4o":{"tool_calling":"yes"}}} | /models/gpt-4o/tool_calling: must be a boolean (got a string)
            llm-catalog | {"extra":1} | : property 'extra' is not allowed
            """)
    void invalidDocumentsAreReportedExactly(String name, String patch, String expected) {
        assertThat(check(name, patched(name, patch))).containsExactlyElementsOf(Arrays.stream(expected.split(";;")).map(String::strip).toList());
    }
}
