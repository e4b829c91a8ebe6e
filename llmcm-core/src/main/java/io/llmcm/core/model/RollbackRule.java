package io.llmcm.core.model;

import java.util.Objects;

/**
 * Automatic rollback of a watched prefix. Clients that watch exactly this scope and prefix report
 * whether they accepted each revision they applied; when at least {@code minReports} of them have
 * reported on the newest change under the prefix and the share that rejected it reaches {@code
 * rejectShare}, the server commits the tenant's entries under the prefix back to the revision
 * before that change.
 *
 * @param tenant the tenant whose entries are rolled back
 * @param name unique in the tenant (the alphabet of tags and schema names)
 * @param env the watched environment
 * @param service the watched service, "" for none
 * @param prefix the watched prefix, "" for every path
 * @param minReports reports needed before the rule acts, at least 1
 * @param rejectShare the share of those reports that must be rejections, above 0 and at most 1
 */
public record RollbackRule(String tenant, String name, String env, String service, String prefix, int minReports, double rejectShare) {
    public RollbackRule {
        Names.tenant(tenant);
        Names.schema(name);
        Names.environment(env);
        service = Objects.requireNonNullElse(service, "");
        if (!service.isEmpty()) {
            Names.service(service);
        }
        prefix = Names.prefix(Objects.requireNonNullElse(prefix, ""));
        if (minReports < 1) {
            throw new io.llmcm.core.InvalidInputException("minReports must be 1 or more, got " + minReports);
        }
        if (!(rejectShare > 0 && rejectShare <= 1)) {
            throw new io.llmcm.core.InvalidInputException("rejectShare must be above 0 and at most 1, got " + rejectShare);
        }
    }

    /** True when {@code rejected} of {@code reports} is enough to roll back. */
    public boolean trips(int rejected, int reports) {
        return reports >= minReports && rejected > 0 && rejected >= rejectShare * reports;
    }
}
