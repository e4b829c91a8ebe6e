package io.llmcm.cli.render;

import io.llmcm.core.json.Json;
import io.llmcm.core.llm.routing.EffectiveRoute;
import io.llmcm.core.llm.routing.ErrorClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code llmcm route explain} as text: a header with where the route came from and its policies,
 * the numbered chain (shares, deployment path, provider, model, endpoint, auth reference, preset),
 * then the fallback conditions, budgets, cost tracking and any problems.
 */
public final class RouteView {
    private RouteView() {}

    public static String text(EffectiveRoute r) {
        StringBuilder sb = new StringBuilder();
        String origin = r.from() + "@" + r.modRevision() + (r.from().equals(r.scope()) ? "" : ", read in " + r.scope());
        sb.append("route ").append(r.alias()).append("  (").append(origin).append(")  ")
                .append(r.timeoutMs() > 0 ? "timeout " + r.timeoutMs() + " ms" : "no timeout").append(", ")
                .append(r.retry().attempts() > 0
                        ? "retry " + r.retry().attempts() + "× on " + classes(r.retry().on())
                                + " (backoff " + r.retry().backoffMs() + "–" + r.retry().maxBackoffMs() + " ms)"
                        : "no retry")
                .append('\n');
        Widths w = Widths.of(r);
        for (EffectiveRoute.Step s : r.steps()) {
            String label = "  " + s.number() + ". " + s.kind().wire()
                    + (s.via().isEmpty() ? "" : " via route " + String.join(" → ", s.via()));
            if (s.kind() == EffectiveRoute.Kind.FALLBACK && s.choices().size() == 1) {
                sb.append(label).append(s.via().isEmpty() ? "  " : ": ").append(line(s.choices().getFirst(), w, false)).append('\n');
            } else {
                sb.append(label).append(s.kind() == EffectiveRoute.Kind.FALLBACK ? " (weighted)" : "").append('\n');
                for (EffectiveRoute.Choice c : s.choices()) {
                    sb.append("     ").append(line(c, w, true)).append('\n');
                }
            }
        }
        sb.append("  fallback on: ").append(r.fallbackOn().errors().isEmpty() ? "no error class" : classes(r.fallbackOn().errors()))
                .append(r.fallbackOn().latencyMsAbove() > 0 ? "; latency above " + r.fallbackOn().latencyMsAbove() + " ms" : "").append('\n');
        List<String> budgets = new ArrayList<>();
        if (r.budgets().tokensPerMinute() > 0) {
            budgets.add(r.budgets().tokensPerMinute() + " tokens/min");
        }
        if (r.budgets().tokensPerDay() > 0) {
            budgets.add(r.budgets().tokensPerDay() + " tokens/day");
        }
        if (r.budgets().requestsPerMinute() > 0) {
            budgets.add(r.budgets().requestsPerMinute() + " requests/min");
        }
        sb.append("  budgets: ").append(budgets.isEmpty() ? "none" : String.join(", ", budgets)).append('\n');
        var cost = r.costTracking();
        sb.append("  cost tracking: ").append(!cost.enabled() ? "off"
                : cost.sink() + (cost.url().isEmpty() ? "" : " " + cost.url())
                        + (cost.tags().isEmpty() ? "" : ", tags " + cost.tags().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))))
                .append('\n');
        if (!r.problems().isEmpty()) {
            sb.append("  problems:\n");
            r.problems().forEach(p -> sb.append("    - ").append(p).append('\n'));
        }
        return sb.toString();
    }

    private static String line(EffectiveRoute.Choice c, Widths w, boolean share) {
        List<String> cells = new ArrayList<>();
        if (share) {
            cells.add(pad(percent(c.percent()), w.percent, true));
        }
        cells.add(pad(c.path(), w.path, false));
        EffectiveRoute.Deployment d = c.deployment();
        if (d == null) {
            cells.add("(missing)");
            return String.join("  ", cells);
        }
        cells.add(pad(d.provider(), w.provider, false));
        cells.add(pad(d.model(), w.model, false));
        cells.add(pad(d.endpoint(), w.endpoint, false));
        for (Map.Entry<String, String> a : new java.util.TreeMap<>(d.auth()).entrySet()) {
            cells.add((a.getKey().equals("api_key") ? "key" : a.getKey()) + " " + a.getValue());
        }
        if (d.params() != null && !d.params().isEmpty()) {
            cells.add("params " + Json.compact(d.params()));
        }
        if (d.limits() != null && !d.limits().isEmpty()) {
            cells.add("limits " + Json.compact(d.limits()));
        }
        return String.join("  ", cells).stripTrailing();
    }

    private static String percent(double p) {
        return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + "%";
    }

    private static String classes(Set<ErrorClass> classes) {
        return classes.stream().map(ErrorClass::wire).collect(Collectors.joining(", "));
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    /** Column widths over every deployment shown, so the chain lines up. */
    private record Widths(int percent, int path, int provider, int model, int endpoint) {
        static Widths of(EffectiveRoute r) {
            int pc = 0, pa = 0, pr = 0, mo = 0, en = 0;
            for (EffectiveRoute.Step s : r.steps()) {
                boolean shares = s.kind() == EffectiveRoute.Kind.WEIGHTED || s.choices().size() > 1;
                for (EffectiveRoute.Choice c : s.choices()) {
                    if (shares) { // single fallbacks show no share
                        pc = Math.max(pc, RouteView.percent(c.percent()).length());
                    }
                    pa = Math.max(pa, c.path().length());
                    if (c.deployment() != null) {
                        pr = Math.max(pr, c.deployment().provider().length());
                        mo = Math.max(mo, c.deployment().model().length());
                        en = Math.max(en, c.deployment().endpoint().length());
                    }
                }
            }
            return new Widths(pc, pa, pr, mo, en);
        }
    }
}
