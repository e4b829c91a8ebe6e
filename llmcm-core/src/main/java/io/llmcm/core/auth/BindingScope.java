package io.llmcm.core.auth;

import io.llmcm.core.model.Names;
import java.util.Objects;

/**
 * Where a binding applies, within its tenant.
 *
 * <ul>
 *   <li>{@code includeChildTenants}: also every tenant below the binding's tenant (children,
 *       grandchildren, …); without it only the tenant itself. A store-wide binding covers every
 *       tenant and the store-wide actions whatever this says.
 *   <li>{@code pathPrefix}: only paths equal to it or below it, segment-wise ({@code models}
 *       covers {@code models/openai/gpt-4o}, not {@code models-old/x}); "" for every path. A
 *       request that names no path (a whole-tenant action) is covered only by "".
 *   <li>{@code env}: only that environment <em>and its descendants</em> ({@code prod} covers
 *       {@code edge}, whose parent is {@code prod}, but never {@code dev} nor {@code base}); "" for
 *       every environment. A request that names no environment is covered only by "".
 * </ul>
 */
public record BindingScope(boolean includeChildTenants, String pathPrefix, String env) {
    /** The binding's tenant only, every path, every environment. */
    public static final BindingScope TENANT = new BindingScope(false, "", "");
    /** The binding's tenant and every tenant below it, every path, every environment. */
    public static final BindingScope SUBTREE = new BindingScope(true, "", "");

    public BindingScope {
        pathPrefix = Names.prefix(Objects.requireNonNullElse(pathPrefix, ""));
        env = Objects.requireNonNullElse(env, "");
        if (!env.isEmpty()) {
            Names.environment(env);
        }
    }
}
