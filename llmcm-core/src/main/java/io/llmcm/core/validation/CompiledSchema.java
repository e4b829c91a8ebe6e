package io.llmcm.core.validation;
// TEMPORARY placeholder until the wip-validation branch is merged; never committed.
import io.llmcm.core.Violation;
import io.llmcm.core.model.PathPattern;
import io.llmcm.core.model.SchemaBinding;
import java.util.List;
import tools.jackson.databind.JsonNode;
public final class CompiledSchema {
    private final SchemaBinding b; private final PathPattern p;
    private CompiledSchema(SchemaBinding b) { this.b = b; this.p = PathPattern.compile(b.pattern()); }
    public static CompiledSchema compile(SchemaBinding b) { return new CompiledSchema(b); }
    public SchemaBinding binding() { return b; }
    public boolean appliesTo(String path) { return p.matches(path); }
    public List<Violation> validate(JsonNode v) {
        if (b.schema() != null && b.schema().json().has("maximum") && v.isNumber() && v.doubleValue() > b.schema().json().get("maximum").doubleValue())
            return List.of(new Violation("", "", "must be at most " + b.schema().json().get("maximum"), "schema " + b.name()));
        return List.of(); }
}
