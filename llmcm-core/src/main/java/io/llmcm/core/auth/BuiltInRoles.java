package io.llmcm.core.auth;

import static io.llmcm.core.auth.Permission.ADMIN;
import static io.llmcm.core.auth.Permission.DELETE;
import static io.llmcm.core.auth.Permission.READ;
import static io.llmcm.core.auth.Permission.ROTATE;
import static io.llmcm.core.auth.Permission.WRITE;
import static io.llmcm.core.auth.Resource.AUDIT;
import static io.llmcm.core.auth.Resource.CONFIG;
import static io.llmcm.core.auth.Resource.SECRET;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The roles every store has. They are not stored and cannot be changed; custom roles may not take
 * their names. What they grant (R read, W write, D delete, O rotate, A admin):
 *
 * <table>
 *   <caption>Built-in roles</caption>
 *   <tr><th>role</th><th>config</th><th>secret</th><th>tenant</th><th>policy</th><th>audit</th><th>bound</th></tr>
 *   <tr><td>global-admin</td><td>RWDOA</td><td>RWDOA</td><td>RWDOA</td><td>RWDOA</td><td>RWDOA</td><td>store-wide only</td></tr>
 *   <tr><td>tenant-admin</td><td>RWDOA</td><td>RWDOA</td><td>RWDOA</td><td>RWDOA</td><td>RWDOA</td><td>in a tenant only</td></tr>
 *   <tr><td>operator</td><td>RWD</td><td>RWDO</td><td>–</td><td>–</td><td>R</td><td>anywhere</td></tr>
 *   <tr><td>developer</td><td>RWD</td><td>RW</td><td>–</td><td>–</td><td>–</td><td>anywhere</td></tr>
 *   <tr><td>viewer</td><td>R</td><td>–</td><td>–</td><td>–</td><td>–</td><td>anywhere</td></tr>
 *   <tr><td>service-account</td><td>R</td><td>R</td><td>–</td><td>–</td><td>–</td><td>anywhere</td></tr>
 * </table>
 *
 * <p>{@code config} covers configuration and the <em>masked</em> view of secrets, so a viewer sees
 * that a secret exists but never its value; {@code secret:read} is the plaintext (reveal),
 * {@code secret:write} sets a secret without being able to read it back, {@code secret:rotate}
 * rotates data keys. global-admin and tenant-admin grant the same: the difference is where they may
 * be bound. global-admin is bound store-wide (every tenant and the store-wide actions: environments,
 * the master key, store-wide keys and bindings). tenant-admin is bound in a tenant, usually with
 * {@link BindingScope#SUBTREE}, and then administers that subtree — its child tenants, policy
 * (roles, bindings, keys) and audit — and nothing outside it, so it can never grant itself or
 * anyone global-admin.
 */
public final class BuiltInRoles {
    public static final String GLOBAL_ADMIN = "global-admin";
    public static final String TENANT_ADMIN = "tenant-admin";
    public static final String OPERATOR = "operator";
    public static final String DEVELOPER = "developer";
    public static final String VIEWER = "viewer";
    public static final String SERVICE_ACCOUNT = "service-account";

    private static final Map<String, Role> ROLES = build();

    private BuiltInRoles() {}

    private static Map<String, Role> build() {
        Map<String, Role> m = new LinkedHashMap<>();
        m.put(GLOBAL_ADMIN, role(GLOBAL_ADMIN, everything()));
        m.put(TENANT_ADMIN, role(TENANT_ADMIN, everything()));
        m.put(OPERATOR, role(OPERATOR, List.of(
                g(CONFIG, READ), g(CONFIG, WRITE), g(CONFIG, DELETE),
                g(SECRET, READ), g(SECRET, WRITE), g(SECRET, DELETE), g(SECRET, ROTATE),
                g(AUDIT, READ))));
        m.put(DEVELOPER, role(DEVELOPER, List.of(
                g(CONFIG, READ), g(CONFIG, WRITE), g(CONFIG, DELETE), g(SECRET, READ), g(SECRET, WRITE))));
        m.put(VIEWER, role(VIEWER, List.of(g(CONFIG, READ))));
        m.put(SERVICE_ACCOUNT, role(SERVICE_ACCOUNT, List.of(g(CONFIG, READ), g(SECRET, READ))));
        return Collections.unmodifiableMap(m);
    }

    private static List<Grant> everything() {
        List<Grant> all = new ArrayList<>();
        for (Resource r : Resource.values()) {
            for (Permission p : Permission.values()) {
                all.add(g(r, p));
            }
        }
        return all;
    }

    private static Grant g(Resource r, Permission p) {
        return new Grant(r, p);
    }

    private static Role role(String name, List<Grant> grants) {
        return new Role("", name, Set.copyOf(grants));
    }

    /** Every built-in role, in the order of the table above. */
    public static List<Role> all() {
        return List.copyOf(ROLES.values());
    }

    public static boolean isBuiltIn(String name) {
        return ROLES.containsKey(name);
    }

    public static Optional<Role> get(String name) {
        return Optional.ofNullable(ROLES.get(name));
    }
}
