package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.json;
import static io.llmcm.core.repo.Fixtures.key;
import static io.llmcm.core.repo.Fixtures.put;
import static io.llmcm.core.repo.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ConflictException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Value;
import io.llmcm.core.targeting.TargetingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Targeting rules inside layers, through the repository: reads with a context, explain, validation, promotion. */
class TargetingTest {
    private static final String PATH = "models/chat";
    private static final Scope PROD = Scope.of("acme", "prod");

    private Repository repo;

    @BeforeEach
    void open() {
        repo = Fixtures.memoryRepo(Fixtures.clock());
        tenant(repo, "acme", "global");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private static TargetingContext ctx(String... pairs) {
        return TargetingContext.parse(List.of(pairs));
    }

    private Targeted read(String... pairs) {
        return repo.get(PROD, PATH, ctx(pairs)).orElseThrow();
    }

    private String model(String... pairs) {
        return read(pairs).value().value().json().path("model").asString();
    }

    private void rollout(double percent) {
        put(repo, key("acme", "prod", PATH), """
                {"model":"gpt-4o","$targeting":[
                  {"name":"gpt41-rollout","rollout":{"percent":%s,"by":"user_id"},"set":{"model":"gpt-4.1"}}]}""".formatted(percent));
    }

    private Set<Integer> inRollout(int keys) {
        Set<Integer> in = new HashSet<>();
        for (int i = 0; i < keys; i++) {
            if (model("user_id=user-" + i).equals("gpt-4.1")) {
                in.add(i);
            }
        }
        return in;
    }

    // ------------------------------------------------------------ rollouts

    @Test
    void aTenPercentRolloutHitsTenPercentOfAHundredThousandKeysAndIsStable() {
        rollout(10);
        Set<Integer> first = inRollout(100_000);
        assertThat(first.size()).isBetween(9_000, 11_000);
        assertThat(inRollout(100_000)).isEqualTo(first);
    }

    @Test
    void raisingARolloutOnlyAddsKeys() {
        rollout(10);
        Set<Integer> at10 = inRollout(20_000);
        rollout(20);
        Set<Integer> at20 = inRollout(20_000);
        assertThat(at20).containsAll(at10);
        assertThat(at20.size()).isBetween(3_600, 4_400);
        rollout(2.5);
        Set<Integer> at2 = inRollout(20_000);
        assertThat(at10).containsAll(at2);
        assertThat(at2.size()).isBetween(350, 650);
    }

    @Test
    void aRolloutWhoseKeyIsMissingFromTheContextDoesNotFire() {
        rollout(100);
        assertThat(model("region=eu")).isEqualTo("gpt-4o");
        assertThat(read("region=eu").rules()).isEmpty();
        assertThat(model("user_id=1")).isEqualTo("gpt-4.1");
    }

    @Test
    void zeroAndHundredPercentAreNoneAndEveryone() {
        rollout(0);
        assertThat(inRollout(2_000)).isEmpty();
        rollout(100);
        assertThat(inRollout(2_000)).hasSize(2_000);
    }

    // ------------------------------------------------------------ conditions and order

    @Test
    void celConditionsSeeTheContext() {
        put(repo, key("acme", "prod", PATH), """
                {"model":"gpt-4o","endpoint":"https://us.example/v1","$targeting":[
                  {"name":"eu-users","when":"ctx.region == 'eu'","set":{"endpoint":"https://eu.example/v1"}},
                  {"name":"paid","when":"ctx.tier in ['pro', 'enterprise'] && ctx.app_version.startsWith('2.')","set":{"max_tokens":4096}}]}""");
        Targeted eu = read("region=eu");
        assertThat(eu.value().value()).isEqualTo(json("{\"model\":\"gpt-4o\",\"endpoint\":\"https://eu.example/v1\"}"));
        assertThat(eu.rules()).extracting(FiredRule::toString).containsExactly("acme:prod/eu-users");
        assertThat(read("tier=pro", "app_version=2.3.1").value().value().json().path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(read("tier=pro", "app_version=1.9").rules()).isEmpty();
        // an attribute the condition reads is missing: the rule does not fire, nothing fails
        assertThat(read("tier=pro").rules()).isEmpty();
        assertThat(read("region=us").value().value().json().path("endpoint").asString()).isEqualTo("https://us.example/v1");
    }

    @Test
    void theFirstRuleThatFiresInALayerWins() {
        put(repo, key("acme", "prod", PATH), """
                {"model":"a","$targeting":[
                  {"name":"first","when":"ctx.region == 'eu'","set":{"model":"b"}},
                  {"name":"second","when":"ctx.region == 'eu' || ctx.region == 'us'","set":{"model":"c","extra":true}}]}""");
        assertThat(model("region=eu")).isEqualTo("b");
        assertThat(read("region=eu").value().value().json().has("extra")).isFalse();
        assertThat(model("region=us")).isEqualTo("c");
        assertThat(read("region=us").rules()).extracting(FiredRule::rule).containsExactly("second");
    }

    @Test
    void rulesOfEveryLayerFireInLayerOrderAndHigherLayersStillOverride() {
        put(repo, key("global", "base", PATH), """
                {"model":"gpt-4o","temperature":0.7,"$targeting":[
                  {"name":"eu-base","when":"ctx.region == 'eu'","set":{"endpoint":"https://eu.example/v1","temperature":0.1}}]}""");
        put(repo, key("acme", "prod", PATH), """
                {"temperature":0.5,"$targeting":[
                  {"name":"beta","when":"ctx.tier == 'beta'","set":{"model":"gpt-4.1"}}]}""");
        Targeted t = read("region=eu", "tier=beta");
        // the base rule's temperature is overridden by acme:prod's own value, which is above it
        assertThat(t.value().value()).isEqualTo(json("""
                {"model":"gpt-4.1","temperature":0.5,"endpoint":"https://eu.example/v1"}"""));
        assertThat(t.rules()).extracting(FiredRule::toString).containsExactly("global:base/eu-base", "acme:prod/beta");
        // another tenant reads the global rule only
        tenant(repo, "beta", "global");
        assertThat(repo.get(Scope.of("beta", "prod"), PATH, ctx("region=eu", "tier=beta")).orElseThrow().rules())
                .extracting(FiredRule::toString).containsExactly("global:base/eu-base");
    }

    @Test
    void aRuleSetsNullToDeleteAField() {
        put(repo, key("global", "base", PATH), "{\"model\":\"m\",\"stop\":[\"x\"]}");
        put(repo, key("acme", "prod", PATH), """
                {"$targeting":[{"name":"no-stop","when":"ctx.region == 'eu'","set":{"stop":null}}]}""");
        assertThat(read("region=eu").value().value()).isEqualTo(json("{\"model\":\"m\"}"));
    }

    // ------------------------------------------------------------ reads without a context

    @Test
    void readsWithoutAContextNeverFireAndNeverShowTheRules() {
        put(repo, key("acme", "prod", PATH), """
                {"model":"gpt-4o","$targeting":[{"name":"all","rollout":{"percent":100,"by":"user_id"},"set":{"model":"x"}}]}""");
        assertThat(repo.get(PROD, PATH).orElseThrow().value()).isEqualTo(json("{\"model\":\"gpt-4o\"}"));
        assertThat(repo.get(PROD, PATH, TargetingContext.EMPTY).orElseThrow().rules()).isEmpty();
        assertThat(repo.list(PROD, "models").getFirst().value()).isEqualTo(json("{\"model\":\"gpt-4o\"}"));
        assertThat(repo.get(PROD, PATH, repo.revision()).orElseThrow().value()).isEqualTo(json("{\"model\":\"gpt-4o\"}"));
        assertThat(repo.explain(PROD, PATH).value()).isEqualTo(json("{\"model\":\"gpt-4o\"}"));
        // the layer's own stored value keeps them
        assertThat(repo.raw(key("acme", "prod", PATH)).orElseThrow().value().json().has("$targeting")).isTrue();
    }

    @Test
    void contextFreeReadsAndRuleFreeValuesAreServedFromTheCache() {
        put(repo, key("acme", "prod", PATH), """
                {"model":"a","$targeting":[{"name":"eu","when":"ctx.region == 'eu'","set":{"model":"b"}}]}""");
        put(repo, key("acme", "prod", "models/plain"), "{\"model\":\"p\"}");
        repo.get(PROD, PATH);
        repo.get(PROD, "models/plain");
        CacheStats before = repo.cacheStats();
        repo.get(PROD, PATH);
        repo.get(PROD, PATH, TargetingContext.EMPTY);
        repo.get(PROD, "models/plain", ctx("region=eu"));
        CacheStats after = repo.cacheStats();
        assertThat(after.hits() - before.hits()).isEqualTo(3);
        assertThat(after.misses()).isEqualTo(before.misses());
        // a targeted read of a value with rules is computed, and leaves the cache alone
        assertThat(model("region=eu")).isEqualTo("b");
        assertThat(repo.get(PROD, PATH).orElseThrow().value()).isEqualTo(json("{\"model\":\"a\"}"));
    }

    @Test
    void listAndPastRevisionsTakeAContextToo() {
        put(repo, key("acme", "prod", PATH), """
                {"model":"a","$targeting":[{"name":"eu","when":"ctx.region == 'eu'","set":{"model":"b"}}]}""");
        long at = repo.revision();
        put(repo, key("acme", "prod", PATH), "{\"model\":\"c\"}");
        put(repo, key("acme", "prod", "models/other"), "{\"model\":\"o\"}");
        assertThat(repo.get(PROD, PATH, at, ctx("region=eu")).orElseThrow().value().value()).isEqualTo(json("{\"model\":\"b\"}"));
        assertThat(repo.list(PROD, "models", ctx("region=eu"))).extracting(t -> t.value().path()).containsExactly("models/chat", "models/other");
    }

    // ------------------------------------------------------------ explain and listing

    @Test
    void explainNamesTheRuleThatSetEachField() {
        put(repo, key("acme", "prod", PATH), """
                {"model":"gpt-4o","temperature":0.2,"$targeting":[
                  {"name":"gpt41-rollout","rollout":{"percent":100,"by":"user_id"},"set":{"model":"gpt-4.1"}}]}""");
        Explanation e = repo.explain(PROD, PATH, -1, ctx("user_id=42"));
        assertThat(e.rules()).extracting(FiredRule::toString).containsExactly("acme:prod/gpt41-rollout");
        Explanation.FieldOrigin model = e.fields().stream().filter(f -> f.pointer().equals("/model")).findFirst().orElseThrow();
        assertThat(model.value()).isEqualTo(json("\"gpt-4.1\""));
        assertThat(model.rule()).isEqualTo("gpt41-rollout");
        assertThat(model.layer().toString()).isEqualTo("acme:prod");
        Explanation.FieldOrigin temperature = e.fields().stream().filter(f -> f.pointer().equals("/temperature")).findFirst().orElseThrow();
        assertThat(temperature.rule()).isNull();
        assertThat(repo.explain(PROD, PATH).fields()).allMatch(f -> f.rule() == null);
    }

    @Test
    void theRulesOfEachLayerAreListed() {
        put(repo, key("global", "base", PATH), """
                {"model":"a","$targeting":[{"name":"g","when":"ctx.region == 'eu'","set":{"model":"b"}}]}""");
        put(repo, key("acme", "prod", PATH), """
                {"$targeting":[{"name":"p1","rollout":{"percent":2.5,"by":"user_id"},"set":{"model":"c"}},
                               {"name":"p2","when":"ctx.tier == 'x'","rollout":{"percent":50,"by":"org"},"set":{"model":"d"}}]}""");
        List<LayerRules> rules = repo.targetingRules(PROD, PATH);
        assertThat(rules).extracting(l -> l.layer().toString()).containsExactly("global:base", "acme:prod");
        assertThat(rules.get(1).rules()).extracting(r -> r.name() + " " + r.describe())
                .containsExactly("p1 2.5% by user_id", "p2 when ctx.tier == 'x', 50% by org");
    }

    // ------------------------------------------------------------ validation

    private List<Violation> rejected(String value) {
        try {
            put(repo, key("acme", "prod", PATH), value);
        } catch (ValidationException e) {
            assertThat(e.violations()).allMatch(v -> v.where().equals("acme:prod models/chat") && v.source().equals("targeting"));
            return e.violations();
        }
        throw new AssertionError("accepted: " + value);
    }

    private void assertRejected(String rules, String pointer, String message) {
        List<Violation> v = rejected("{\"model\":\"m\",\"$targeting\":" + rules + "}");
        assertThat(v).as(rules).anySatisfy(x -> {
            assertThat(x.pointer()).isEqualTo(pointer);
            assertThat(x.message()).contains(message);
        });
    }

    @Test
    void everyRuleProblemIsRefusedOnWriteWithItsPointer() {
        String set = ",\"set\":{\"model\":\"x\"}";
        assertRejected("{}", "/$targeting", "must be a list of rules");
        assertRejected("[1]", "/$targeting/0", "a rule must be an object");
        assertRejected("[{\"when\":\"ctx.a == 'b'\"" + set + "}]", "/$targeting/0/name", "a rule needs a name");
        assertRejected("[{\"name\":7,\"when\":\"ctx.a == 'b'\"" + set + "}]", "/$targeting/0/name", "name must be a string");
        assertRejected("[{\"name\":\"bad name\",\"when\":\"ctx.a == 'b'\"" + set + "}]", "/$targeting/0/name", "is not valid");
        assertRejected("[{\"name\":\"a\",\"when\":\"ctx.a == 'b'\"" + set + "},{\"name\":\"a\",\"when\":\"ctx.a == 'c'\"" + set + "}]",
                "/$targeting/1/name", "rule name 'a' is already used by rule 0");
        assertRejected("[{\"name\":\"a\",\"when\":\"ctx.a ==\"" + set + "}]", "/$targeting/0/when", "CEL: ");
        assertRejected("[{\"name\":\"a\",\"when\":\"ctx.a\"" + set + "}]", "/$targeting/0/when", "must return bool");
        assertRejected("[{\"name\":\"a\",\"when\":\"self.a == 1\"" + set + "}]", "/$targeting/0/when", "undeclared reference to 'self'");
        assertRejected("[{\"name\":\"a\",\"when\":\"\"" + set + "}]", "/$targeting/0/when", "an empty string");
        assertRejected("[{\"name\":\"a\",\"when\":true" + set + "}]", "/$targeting/0/when", "got a boolean");
        assertRejected("[{\"name\":\"a\"" + set + "}]", "/$targeting/0", "a rule needs when, rollout or both");
        assertRejected("[{\"name\":\"a\",\"rollout\":{\"percent\":101,\"by\":\"u\"}" + set + "}]", "/$targeting/0/rollout/percent",
                "percent must be from 0 to 100, got 101");
        assertRejected("[{\"name\":\"a\",\"rollout\":{\"percent\":-1,\"by\":\"u\"}" + set + "}]", "/$targeting/0/rollout/percent",
                "from 0 to 100");
        assertRejected("[{\"name\":\"a\",\"rollout\":{\"percent\":\"10\",\"by\":\"u\"}" + set + "}]", "/$targeting/0/rollout/percent",
                "percent must be a number");
        assertRejected("[{\"name\":\"a\",\"rollout\":{\"by\":\"u\"}" + set + "}]", "/$targeting/0/rollout/percent", "a rollout needs percent");
        assertRejected("[{\"name\":\"a\",\"rollout\":{\"percent\":5}" + set + "}]", "/$targeting/0/rollout/by", "by must name the context attribute");
        assertRejected("[{\"name\":\"a\",\"rollout\":{\"percent\":5,\"by\":\"\"}" + set + "}]", "/$targeting/0/rollout/by", "an empty string");
        assertRejected("[{\"name\":\"a\",\"rollout\":{\"percent\":5,\"by\":\"user id\"}" + set + "}]", "/$targeting/0/rollout/by",
                "by 'user id' is not a context attribute name");
        assertRejected("[{\"name\":\"a\",\"rollout\":{\"percent\":5,\"by\":7}" + set + "}]", "/$targeting/0/rollout/by", "got a number");
        assertRejected("[{\"name\":\"a\",\"rollout\":{\"percent\":5,\"by\":\"u\",\"salt\":1}" + set + "}]", "/$targeting/0/rollout/salt",
                "unknown field 'salt'; a rollout has percent and by");
        assertRejected("[{\"name\":\"a\",\"rollout\":10" + set + "}]", "/$targeting/0/rollout", "rollout must be an object");
        assertRejected("[{\"name\":\"a\",\"when\":\"ctx.a == 'b'\"}]", "/$targeting/0/set", "a rule needs set");
        assertRejected("[{\"name\":\"a\",\"when\":\"ctx.a == 'b'\",\"set\":\"x\"}]", "/$targeting/0/set", "set must be an object");
        assertRejected("[{\"name\":\"a\",\"when\":\"ctx.a == 'b'\",\"set\":{\"$targeting\":[]}}]", "/$targeting/0/set/$targeting",
                "a rule cannot set $targeting");
        assertRejected("[{\"name\":\"a\",\"when\":\"ctx.a == 'b'\",\"then\":{}" + set + "}]", "/$targeting/0/then",
                "unknown field 'then'; a rule has name, when, rollout and set");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= 100; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\":\"r").append(i).append("\",\"when\":\"ctx.a == 'b'\"").append(set).append('}');
        }
        assertRejected(many.append(']').toString(), "/$targeting", "at most 100 are allowed");
        assertThat(repo.raw(key("acme", "prod", PATH))).isEmpty();
    }

    @Test
    void aRuleViolationNamesTheEntry() {
        assertThatThrownBy(() -> put(repo, key("acme", "prod", PATH), "{\"$targeting\":[{\"name\":\"a\",\"set\":{}}]}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("/$targeting/0: a rule needs when, rollout or both")
                .hasMessageContaining("[targeting]");
    }

    @Test
    void aVariantThatBreaksASchemaIsRejectedNamingTheRule() {
        repo.commit(ChangeRequest.by("t").add(new Mutation.PutSchema(new SchemaBinding("global", "model", "models/**",
                Value.document(Json.parse("""
                        {"type":"object","properties":{"model":{"type":"string"},"temperature":{"type":"number","maximum":2}},
                         "additionalProperties":false}""")), List.of()))).build());
        // the default passes (the rules are not part of the value the schema sees)
        put(repo, key("acme", "prod", PATH), """
                {"model":"gpt-4o","$targeting":[{"name":"ok","when":"ctx.region == 'eu'","set":{"temperature":1}}]}""");
        long before = repo.revision();
        assertThatThrownBy(() -> put(repo, key("acme", "prod", PATH), """
                {"model":"gpt-4o","$targeting":[
                  {"name":"ok","when":"ctx.region == 'eu'","set":{"temperature":1}},
                  {"name":"hot","rollout":{"percent":5,"by":"user_id"},"set":{"temperature":3}}]}"""))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("acme:prod models/chat")
                .hasMessageContaining("/temperature")
                .hasMessageContaining("with targeting rule 'hot' of acme:prod fired");
        assertThat(repo.revision()).isEqualTo(before);
    }

    @Test
    void aDryRunShowsRuleProblemsInsteadOfThrowing() {
        ValidationReport report = repo.dryRun(ChangeRequest.by("t")
                .put(key("acme", "prod", PATH), json("{\"$targeting\":[{\"name\":\"a\",\"when\":\"ctx.x == 'y'\",\"set\":1}]}")).build());
        assertThat(report.violations()).extracting(Violation::pointer).containsExactly("/$targeting/0/set");
    }

    // ------------------------------------------------------------ promotion

    @Test
    void promotionMergesTheVariantIntoTheLayerAndRemovesTheRuleInOneCommit() {
        put(repo, key("global", "base", PATH), "{\"model\":\"gpt-4o\",\"stop\":[\"x\"],\"params\":{\"top_p\":1}}");
        put(repo, key("acme", "prod", PATH), """
                {"temperature":0.2,"$targeting":[
                  {"name":"eu","when":"ctx.region == 'eu'","set":{"endpoint":"https://eu"}},
                  {"name":"gpt41-rollout","rollout":{"percent":10,"by":"user_id"},"set":{"model":"gpt-4.1","stop":null,"params":{"top_p":0.9}}}]}""");
        // the variant as a user in the rollout sees it (not in the eu rule: no region)
        String inRollout = null;
        for (int i = 0; inRollout == null; i++) {
            if (!read("user_id=" + i).rules().isEmpty()) {
                inRollout = "user_id=" + i;
            }
        }
        Value variant = read(inRollout).value().value();
        long before = repo.revision();
        CommitResult r = repo.promote(key("acme", "prod", PATH), "gpt41-rollout", 0, "alice", null);
        assertThat(r.revision()).isEqualTo(before + 1);
        assertThat(repo.commitInfo(r.revision()).orElseThrow().message())
                .isEqualTo("promote targeting rule gpt41-rollout of models/chat in acme:prod");
        // everyone now gets the variant, and the other rule stays
        assertThat(repo.get(PROD, PATH).orElseThrow().value()).isEqualTo(variant);
        assertThat(repo.targetingRules(PROD, PATH).getFirst().rules()).extracting(x -> x.name()).containsExactly("eu");
        assertThat(read("region=eu").value().value().json().path("endpoint").asString()).isEqualTo("https://eu");
    }

    @Test
    void promotingTheLastRuleRemovesTheList() {
        put(repo, key("acme", "prod", PATH), """
                {"model":"a","$targeting":[{"name":"b","when":"ctx.x == 'y'","set":{"model":"b"}}]}""");
        repo.promote(key("acme", "prod", PATH), "b", 0, "alice", "ship b");
        assertThat(repo.raw(key("acme", "prod", PATH)).orElseThrow().value()).isEqualTo(json("{\"model\":\"b\"}"));
        assertThat(repo.commitInfo(repo.revision()).orElseThrow().message()).isEqualTo("ship b");
    }

    @Test
    void promotionChecksTheRevisionTheRuleAndTheSchemas() {
        put(repo, key("acme", "prod", PATH), """
                {"model":"a","$targeting":[{"name":"b","when":"ctx.x == 'y'","set":{"model":"b"}}]}""");
        long at = repo.revision();
        assertThatThrownBy(() -> repo.promote(key("acme", "prod", PATH), "b", at - 1, "alice", null))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("is at revision " + at + ", expected revision " + (at - 1));
        assertThatThrownBy(() -> repo.promote(key("acme", "prod", PATH), "c", 0, "alice", null))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no targeting rule 'c' in acme:prod models/chat (it has b)");
        assertThatThrownBy(() -> repo.promote(key("acme", "staging", PATH), "b", 0, "alice", null))
                .isInstanceOf(NotFoundException.class);
        assertThat(repo.revision()).isEqualTo(at);
        repo.promote(key("acme", "prod", PATH), "b", at, "alice", null);
        assertThat(repo.revision()).isEqualTo(at + 1);
    }
}
