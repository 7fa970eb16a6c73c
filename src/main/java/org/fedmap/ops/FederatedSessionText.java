package org.fedmap.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Federated sessions as text for a terminal: a table, one session a line, for {@code fedmap sessions},
 * and every field of one session for a closer look. Empty fields show as {@code -}; lists are joined
 * with commas. Client-chosen text has its control characters replaced, so a name cannot forge lines.
 */
public final class FederatedSessionText {
    private static final List<String> HEADINGS = List.of("STATE", "USER", "IP", "MAC", "GATEWAY", "SINCE", "ROLES",
            "SESSION");

    private FederatedSessionText() {
    }

    /** A table with a heading line and a count at the end ("no federated sessions" when there are none). */
    public static String table(List<FederatedSession> sessions) {
        if (sessions.isEmpty()) {
            return "no federated sessions\n";
        }
        List<List<String>> rows = new ArrayList<>(sessions.size() + 1);
        rows.add(HEADINGS);
        int deactivated = 0;
        for (FederatedSession s : sessions) {
            if (s.state() == FederatedSession.State.DEACTIVATED) {
                deactivated++;
            }
            rows.add(List.of(state(s), join(s.users().stream().map(FederatedSession.User::name).toList()),
                    join(s.ipAddresses()), join(s.macAddresses()), join(s.gateways()), orDash(s.since()), join(s.roles()),
                    clean(s.id())));
        }
        int[] width = new int[HEADINGS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                out.append(row.get(i));
                if (i < row.size() - 1) {
                    out.append(" ".repeat(width[i] - row.get(i).length() + 2));
                }
            }
            out.append('\n');
        }
        out.append(sessions.size()).append(sessions.size() == 1 ? " session" : " sessions");
        if (deactivated > 0) {
            out.append(" (").append(deactivated).append(" deactivated)");
        }
        return out.append('\n').toString();
    }

    /** Every field of one session, one a line. */
    public static String describe(FederatedSession s) {
        List<String> users = new ArrayList<>();
        for (FederatedSession.User u : s.users()) {
            users.add(u.name() + " (" + u.type() + (u.administrativeDomain().isEmpty() ? "" : ", domain "
                    + u.administrativeDomain()) + ")");
        }
        StringBuilder out = new StringBuilder();
        line(out, "session", clean(s.id()));
        line(out, "state", state(s));
        line(out, "since", orDash(s.since()));
        line(out, "users", join(users));
        line(out, "ip addresses", join(s.ipAddresses()));
        line(out, "mac addresses", join(s.macAddresses()));
        line(out, "devices", join(s.devices()));
        line(out, "roles", join(s.roles()));
        line(out, "capabilities", join(s.capabilities()));
        line(out, "device attributes", join(s.deviceAttributes()));
        line(out, "gateways", join(s.gateways()));
        return out.toString();
    }

    /**
     * The session in one line, for what an action reports: its id, then who signed in, from where, and
     * through which gateway(s).
     */
    public static String summary(FederatedSession s) {
        return clean(s.id()) + " (user " + join(s.users().stream().map(FederatedSession.User::name).toList())
                + ", ip " + join(s.ipAddresses()) + ", gateway " + join(s.gateways()) + ")";
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(label).append(':').append(" ".repeat(18 - label.length())).append(value).append('\n');
    }

    private static String state(FederatedSession s) {
        return s.state().name().toLowerCase(Locale.ROOT);
    }

    private static String join(List<String> values) {
        return values.isEmpty() ? "-" : clean(String.join(",", values));
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : clean(value);
    }

    private static String clean(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }
}
