package org.fedmap.federation;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name an export policy gives a session's IF-MAP identity: literal text with variables taken from
 * the local session, e.g. {@code <NAME>@<REALM>}. The variables are {@code <NAME>} (alias
 * {@code <USER>}), {@code <REALM>}, {@code <IP>} and {@code <MAC>}; a value the session lacks (a
 * realm or MAC address) becomes empty text. A {@code <...>} naming anything else is refused when the
 * template is made, so a typing mistake shows at load rather than as odd identities later.
 *
 * @param text the template as written
 */
public record IdentityTemplate(String text) {
    static final List<String> VARIABLES = List.of("<NAME>", "<USER>", "<REALM>", "<IP>", "<MAC>");

    // Anything that looks like a variable is one: <name> or <FOO> must be refused, not kept as text.
    private static final Pattern VARIABLE = Pattern.compile("<([A-Za-z0-9_.-]+)>");

    /** The default: the sign-in name. (After VARIABLE, which its constructor uses.) */
    public static final IdentityTemplate NAME = new IdentityTemplate("<NAME>");

    public IdentityTemplate {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the identity template is empty; the default is <NAME>");
        }
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            if (!VARIABLES.contains(m.group())) {
                throw new IllegalArgumentException("unknown variable " + m.group() + " in \"" + text
                        + "\"; the variables are " + String.join(", ", VARIABLES));
            }
        }
    }

    /** The identity name for a session. */
    public String render(LocalSession session) {
        return VARIABLE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(value(m.group(1), session)));
    }

    private static String value(String variable, LocalSession session) {
        return switch (variable) {
            case "NAME", "USER" -> session.username();
            case "REALM" -> session.realm();
            case "IP" -> session.ip();
            case "MAC" -> session.mac() == null ? "" : session.mac();
            default -> throw new IllegalStateException("unchecked variable <" + variable + ">");
        };
    }
}
