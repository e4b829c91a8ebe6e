package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.crypto.PemKeys;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Bundles;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.function.Function;

/**
 * Signed (and optionally encrypted) bundles, as {@code llmcm export --recipient} and {@code llmcm
 * import} make and read them locally. A bundle is signed by this store; one encrypted to a
 * recipient carries the secrets under the prefix, each reveal audited.
 */
public final class BundleRoutes {
    private final Repository repo;
    private final Access access;

    public BundleRoutes(Repository repo, Access access) {
        this.repo = repo;
        this.access = access;
    }

    public void register(Routes routes) {
        routes.post("/v1/tenants/{tenant}/bundles/export", Guard.tenantVisible(Resource.CONFIG, Permission.READ), this::export);
        routes.post("/v1/tenants/{tenant}/bundles/import", Guard.tenantVisible(Resource.CONFIG, Permission.WRITE), this::importBundle);
    }

    /** {@code {"prefix", "env", "service", "recipient": "-----BEGIN PUBLIC KEY-----…"}}; the answer is the bundle. */
    void export(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String prefix = Params.prefix(body.string("prefix", ""), "/prefix");
        Scope scope = scope(call, body);
        PublicKey recipient = key(body, "recipient", PemKeys::readPublic);
        body.done();
        access.require(call, Resource.CONFIG, Permission.READ, prefix, scope.env());
        if (recipient != null) { // it carries the secrets: revealing them needs secret:read there
            access.require(call, Resource.SECRET, Permission.READ, prefix, scope.env());
        }
        Bundles.Exported e = repo.bundles().export(scope, prefix, recipient, access.caller(call, scope.env()));
        Replies.revision(ctx, repo.revision());
        ctx.header(TransferRoutes.SECRETS_LEFT_OUT_HEADER, Integer.toString(e.secretsLeftOut()));
        ctx.header(TransferRoutes.KEYS_HEADER, Integer.toString(e.values() + e.secrets()));
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(e.bundle());
    }

    /**
     * {@code {"bundle": "…", "into", "env", "service", "signer": PEM public key, "identity": PEM
     * private key}}: the signature is checked against {@code signer} (else this store's own key);
     * an encrypted bundle is opened with {@code identity}, which is used for this request only and
     * never stored. Send it over TLS.
     */
    void importBundle(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String text = body.requiredString("bundle");
        String into = Params.prefix(body.string("into", ""), "/into");
        Scope scope = scope(call, body);
        PublicKey signer = key(body, "signer", PemKeys::readPublic);
        PrivateKey identity = key(body, "identity", PemKeys::readPrivate);
        body.done();
        access.require(call, Resource.CONFIG, Permission.WRITE, into, scope.env());
        if (identity != null) { // an encrypted bundle carries secrets: they are sealed anew here
            access.require(call, Resource.SECRET, Permission.WRITE, into, scope.env());
        }
        CommitResult r;
        try {
            r = repo.bundles().importBundle(text, signer, identity, call.tenant(), into, scope.layer(), call.author(),
                    ctx.header(Writes.MESSAGE_HEADER));
        } catch (InvalidInputException e) {
            throw new BadRequest("/bundle", e.getMessage());
        } catch (io.llmcm.core.KeyException e) {
            // the bundle's own key problems (an untrusted signer, an altered bundle, no identity for an
            // encrypted one) are the caller's to fix; the store's key problems stay server errors
            if (e.getMessage().startsWith("the bundle")) {
                throw new BadRequest(422, "/bundle", e.getMessage().replace("--signer", "\"signer\"").replace("--identity", "\"identity\""));
            }
            throw e;
        }
        if (r.changed()) {
            repo.audit().record(io.llmcm.core.audit.AuditEvent.of(r.time(), call.author(), "commit", call.tenant(),
                    "revision " + r.revision(), "allowed", "import bundle into " + (into.isEmpty() ? "(top)" : into) + " " + scope.layer()));
        }
        Writes.answer(ctx, r);
    }

    private static Scope scope(Call call, Fields body) {
        String env = body.string("env", Layer.BASE_ENV);
        String service = body.string("service", "");
        Params.checked("/env", () -> Names.environment(env));
        if (!service.isEmpty()) {
            Params.checked("/service", () -> Names.service(service));
        }
        return new Scope(call.tenant(), env, service);
    }

    private static <K> K key(Fields body, String field, Function<String, K> read) {
        String pem = body.string(field, null);
        if (pem == null) {
            return null;
        }
        try {
            return read.apply(pem);
        } catch (RuntimeException e) {
            throw new BadRequest("/" + field, "'" + field + "' is not a usable PEM key: " + e.getMessage());
        }
    }
}
