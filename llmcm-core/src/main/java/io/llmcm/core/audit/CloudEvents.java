package io.llmcm.core.audit;

import io.llmcm.core.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Audit events as CloudEvents 1.0 in the JSON format, one per line: what event buses and log
 * pipelines take. The chain hash and MAC travel in the data, so a copy can be verified later.
 */
public final class CloudEvents {
    private CloudEvents() {}

    public static String line(AuditEvent e) {
        ObjectNode o = Json.NODES.objectNode()
                .put("specversion", "1.0")
                .put("id", String.valueOf(e.seq()))
                .put("source", "llmcm/audit")
                .put("type", "io.llmcm.audit." + e.action())
                .put("time", e.time().toString())
                .put("subject", e.target())
                .put("datacontenttype", "application/json");
        o.putObject("data")
                .put("actor", e.actor())
                .put("tenant", e.tenant())
                .put("outcome", e.outcome())
                .put("detail", e.detail())
                .put("hash", e.hash())
                .put("mac", e.mac());
        return Json.compact(o);
    }
}
