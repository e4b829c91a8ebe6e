package io.llmcm.server.rollout;

import io.llmcm.server.http.Access;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What clients said about the revisions they applied: per watched view, each client's latest
 * report. Held in memory by this server for {@link #KEEP} after a client's last report (clients
 * report on every change and again now and then), so the counts are of clients alive now.
 */
public final class ClientReports {
    /** How long a client counts after its last report. */
    public static final Duration KEEP = Duration.ofMinutes(15);
    /** Most clients one tenant may have reporting at once, across its views. */
    public static final int MAX_CLIENTS_PER_TENANT = 10_000;
    private static final int MAX_REASONS = 5;

    /** A watched view: the scope and prefix a client follows. */
    public record View(String tenant, String env, String service, String prefix) {}

    /** One client's latest word. */
    public record Report(String client, long revision, boolean accepted, String reason, Instant at) {}

    /** How the clients of a view stand on one revision. */
    public record RevisionCount(long revision, int clients, int accepted, int rejected, List<String> reasons) {}

    private final ConcurrentHashMap<View, ConcurrentHashMap<String, Report>> byView = new ConcurrentHashMap<>();
    private final int maxClientsPerTenant;

    public ClientReports() {
        this(MAX_CLIENTS_PER_TENANT);
    }

    /** @param maxClientsPerTenant most clients one tenant may have reporting at once */
    public ClientReports(int maxClientsPerTenant) {
        this.maxClientsPerTenant = maxClientsPerTenant;
    }

    /**
     * Records a client's report, replacing its previous one for the view.
     *
     * @throws Access.Refused 429 when the tenant already has its most clients reporting
     */
    public void record(View view, Report report) {
        Map<String, Report> clients = byView.computeIfAbsent(view, v -> new ConcurrentHashMap<>());
        if (!clients.containsKey(report.client()) && clientsOf(view.tenant(), report.at()) >= maxClientsPerTenant) {
            throw new Access.Refused(429, "tenant '" + view.tenant() + "' has " + maxClientsPerTenant
                    + " clients reporting already; reports expire " + KEEP.toMinutes() + " minutes after a client's last one", 60);
        }
        clients.put(report.client(), report);
    }

    /**
     * The clients of one view on {@code revision} or later, as one count: when {@code revision} is
     * the newest change in the view, a client at a later revision holds the same values (it saw
     * only heartbeats since), so its verdict is on that change too.
     */
    public RevisionCount countFrom(View view, long revision, Instant now) {
        int clients = 0;
        int accepted = 0;
        int rejected = 0;
        List<String> reasons = new ArrayList<>();
        for (RevisionCount c : summary(view, now).tailMap(revision, true).values()) {
            clients += c.clients();
            accepted += c.accepted();
            rejected += c.rejected();
            c.reasons().stream().filter(r -> !reasons.contains(r) && reasons.size() < MAX_REASONS).forEach(reasons::add);
        }
        return new RevisionCount(revision, clients, accepted, rejected, List.copyOf(reasons));
    }

    /** Every view of the tenant that {@code filter} accepts, with its clients per revision, newest first. */
    public Map<View, List<RevisionCount>> summaries(String tenant, java.util.function.Predicate<View> filter, Instant now) {
        Map<View, List<RevisionCount>> out = new TreeMap<>(java.util.Comparator.comparing(View::env)
                .thenComparing(View::service).thenComparing(View::prefix));
        for (View v : byView.keySet()) {
            if (v.tenant().equals(tenant) && filter.test(v)) {
                List<RevisionCount> counts = new ArrayList<>(summary(v, now).values());
                if (!counts.isEmpty()) {
                    out.put(v, counts.reversed());
                }
            }
        }
        return out;
    }

    /** Drops what a deleted tenant's clients said. */
    public void forget(String tenant) {
        byView.keySet().removeIf(v -> v.tenant().equals(tenant));
    }

    private TreeMap<Long, RevisionCount> summary(View view, Instant now) {
        TreeMap<Long, RevisionCount> out = new TreeMap<>();
        Map<String, Report> clients = byView.get(view);
        if (clients == null) {
            return out;
        }
        clients.values().removeIf(r -> r.at().plus(KEEP).isBefore(now));
        for (Report r : clients.values()) {
            RevisionCount c = out.getOrDefault(r.revision(), new RevisionCount(r.revision(), 0, 0, 0, List.of()));
            List<String> reasons = c.reasons();
            if (!r.accepted() && !r.reason().isEmpty() && reasons.size() < MAX_REASONS && !reasons.contains(r.reason())) {
                reasons = new ArrayList<>(reasons);
                reasons.add(r.reason());
            }
            out.put(r.revision(), new RevisionCount(r.revision(), c.clients() + 1, c.accepted() + (r.accepted() ? 1 : 0),
                    c.rejected() + (r.accepted() ? 0 : 1), List.copyOf(reasons)));
        }
        return out;
    }

    private int clientsOf(String tenant, Instant now) {
        int n = 0;
        for (Map.Entry<View, ConcurrentHashMap<String, Report>> e : byView.entrySet()) {
            if (e.getKey().tenant().equals(tenant)) {
                e.getValue().values().removeIf(r -> r.at().plus(KEEP).isBefore(now));
                n += e.getValue().size();
            }
        }
        return n;
    }
}
