package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Layer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server's bundle routes ({@code POST /v1/tenants/T/bundles/export} and {@code …/import}) as
 * {@code llmcm export} and {@code import} call them: the place and layer in the body, keys as PEM.
 */
final class BundleRoutes {
    private BundleRoutes() {}

    static Remote.Call export(String tenant, String prefix, Layer layer, String recipientPem) {
        return Remote.post(Remote.tenantPath(tenant, "bundles", "export")).json(pem(body("prefix", prefix, layer), "recipient", recipientPem));
    }

    /**
     * The identity (a private key) travels in the body, used for this request only; it is sent only
     * where it cannot be read on the way.
     */
    static Remote.Call importBundle(Remote remote, String tenant, String bundle, String into, Layer layer, String signerPem, String identityPem) {
        if (identityPem != null && !remote.confidential()) {
            throw new CliException(CliException.USAGE, "--identity would send a private key to " + remote.base()
                    + " unencrypted; use an https:// server URL (or import on the server's own machine)");
        }
        ObjectNode body = body("into", into, layer).put("bundle", bundle);
        return Remote.post(Remote.tenantPath(tenant, "bundles", "import")).json(pem(pem(body, "signer", signerPem), "identity", identityPem));
    }

    private static ObjectNode body(String placeField, String place, Layer layer) {
        return Json.NODES.objectNode().put(placeField, place).put("env", layer.env()).put("service", layer.service());
    }

    private static ObjectNode pem(ObjectNode body, String field, String pem) {
        return pem == null ? body : body.put(field, pem);
    }
}
