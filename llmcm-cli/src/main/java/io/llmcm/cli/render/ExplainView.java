package io.llmcm.cli.render;

import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Explanation;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** How {@code get --explain} shows an effective value and where each field came from. */
public final class ExplainView {
    /** Field values longer than this are cut: the point is the origin, not the content. */
    static final int MAX_FIELD_VALUE = 60;

    private ExplainView() {}

    /**
     * The value (as {@link ValueView} prints it), then a {@code fields:} section with one aligned
     * line per leaf ({@code /temperature  0.2  acme:prod@42}, and {@code rule NAME} after the layer
     * when a targeting rule of it set the field), then a {@code layers:} section with
     * every layer holding a version, lowest first, marking replacing layers and the layers they
     * hide, then a {@code rules fired:} section (a read with a context), then a {@code references:} section with every reference in the value and the layer its
     * target comes from (never the target's value).
     */
    public static String text(Explanation e, Format format) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.value() == null ? "(not set in " + e.scope() + ")\n" : ValueView.render(SecretView.shown(e.value(), e.revision()), format));
        if (!e.fields().isEmpty()) {
            Table fields = new Table();
            for (Explanation.FieldOrigin f : e.fields()) {
                fields.row("  " + (f.pointer().isEmpty() ? "(root)" : f.pointer()), Text.oneLine(SecretView.shown(f.value(), f.revision()), MAX_FIELD_VALUE),
                        f.layer() + "@" + f.revision() + (f.rule() == null ? "" : " rule " + f.rule()));
            }
            sb.append("fields:\n").append(fields.render());
        }
        if (!e.layers().isEmpty()) {
            Table layers = new Table();
            for (Explanation.LayerVersion l : e.layers()) {
                String note = !l.contributes() ? "(replaced)" : l.replace() ? "replaces lower layers" : "";
                layers.row("  " + l.layer() + "@" + l.revision(), note);
            }
            sb.append("layers:\n").append(layers.render());
        }
        if (!e.rules().isEmpty()) {
            sb.append("rules fired:\n");
            for (io.llmcm.core.repo.FiredRule r : e.rules()) {
                sb.append("  ").append(r).append('\n');
            }
        }
        if (!e.references().isEmpty()) {
            Table refs = new Table();
            for (Explanation.ReferenceOrigin r : e.references()) {
                String target = r.target() == null ? "(not set)" : r.target() + "@" + r.revision() + (r.secret() ? "  secret" : "");
                refs.row("  " + (r.pointer().isEmpty() ? "(root)" : r.pointer()), Text.oneLine(r.reference(), MAX_FIELD_VALUE), target);
            }
            sb.append("references:\n").append(refs.render());
        }
        return sb.toString();
    }

    /** The explanation as one JSON object (pretty, newline-terminated). */
    public static String json(Explanation e) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("path", e.path());
        root.put("scope", e.scope().toString());
        root.put("revision", e.revision());
        root.set("value", e.value() == null ? Json.NODES.nullNode() : SecretView.shown(e.value(), e.revision()).json());
        ArrayNode fields = root.putArray("fields");
        for (Explanation.FieldOrigin f : e.fields()) {
            ObjectNode field = fields.addObject()
                    .put("pointer", f.pointer())
                    .put("layer", f.layer().toString())
                    .put("revision", f.revision());
            if (f.rule() != null) {
                field.put("rule", f.rule());
            }
            field.set("value", SecretView.shown(f.value(), f.revision()).json());
        }
        if (!e.rules().isEmpty()) {
            ArrayNode rules = root.putArray("rules");
            e.rules().forEach(r -> rules.addObject().put("layer", r.layer().toString()).put("rule", r.rule()));
        }
        ArrayNode layers = root.putArray("layers");
        for (Explanation.LayerVersion l : e.layers()) {
            layers.addObject()
                    .put("layer", l.layer().toString())
                    .put("revision", l.revision())
                    .put("replace", l.replace())
                    .put("contributes", l.contributes());
        }
        ArrayNode refs = root.putArray("references");
        for (Explanation.ReferenceOrigin r : e.references()) {
            ObjectNode o = refs.addObject().put("pointer", r.pointer()).put("reference", r.reference());
            if (r.target() == null) {
                o.putNull("target");
            } else {
                o.put("target", r.target().toString()).put("revision", r.revision());
            }
            o.put("secret", r.secret());
        }
        return Text.withNewline(Json.pretty(root));
    }
}
