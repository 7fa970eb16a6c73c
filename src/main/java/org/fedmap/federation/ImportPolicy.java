package org.fedmap.federation;

import java.util.List;
import org.fedmap.model.Identity;

/**
 * One session-import policy: the conditions a federated session must meet ({@code when:}; every one
 * given must hold, none given holds always) and what it then gets locally ({@code then:}). The file
 * format and the evaluation order are in {@code docs/POLICIES.md}; {@link ImportPolicies} applies a
 * list of these.
 *
 * @param name                 what the administrator calls it ("" when unnamed)
 * @param description          free text
 * @param capabilities         condition on the session's capabilities, or null for none
 * @param ifmapRoles           condition on its IF-MAP roles, or null for none
 * @param deviceAttributes     condition on its device attributes, or null for none
 * @param identity             condition on its identity, or null for none
 * @param roles                local roles it gives
 * @param copyCapabilities     whether it also gives a local role for each capability, of the same name
 * @param usernameFromIdentity whether the local username is the identity's name
 * @param stop                 whether a session it applies to is given to no later policy
 */
public record ImportPolicy(String name, String description, NameCondition capabilities, NameCondition ifmapRoles,
                           NameCondition deviceAttributes, IdentityCondition identity, List<String> roles,
                           boolean copyCapabilities, boolean usernameFromIdentity, boolean stop) {

    /**
     * A condition on a list of names: the session has at least one of them, or every one of them.
     *
     * @param allOf true for {@code all-of}, false for {@code any-of}
     * @param names the names, not empty
     */
    public record NameCondition(boolean allOf, List<String> names) {
        public NameCondition {
            names = List.copyOf(names);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a condition needs at least one name");
            }
        }

        boolean holds(List<String> values) {
            return allOf ? values.containsAll(names) : names.stream().anyMatch(values::contains);
        }
    }

    /**
     * A condition on the session's identity; each part given must hold.
     *
     * @param names                the identity name must be one of these; a name ending in {@code *}
     *                             matches every name that starts with the text before it; empty for any name
     * @param administrativeDomain the identity's administrative-domain must be this ("" for none); null for any
     * @param type                 the identity's type must be this; null for any
     */
    public record IdentityCondition(List<String> names, String administrativeDomain, Identity.Type type) {
        public IdentityCondition {
            names = List.copyOf(names);
        }

        boolean holds(Identity identity) {
            return (names.isEmpty() || names.stream().anyMatch(n -> nameMatches(n, identity.name())))
                    && (administrativeDomain == null || administrativeDomain.equals(identity.administrativeDomain()))
                    && (type == null || type == identity.identityType());
        }

        private static boolean nameMatches(String pattern, String name) {
            return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                    : pattern.equals(name);
        }
    }

    public ImportPolicy {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        roles = List.copyOf(roles);
    }

    /** The policy fedmap applies when none is configured: each capability becomes a local role of the same name. */
    static ImportPolicy defaultPolicy() {
        return new ImportPolicy("default", "each capability becomes a local role of the same name", null, null,
                null, null, List.of(), true, true, false);
    }

    /** Whether every condition of this policy holds for the session. */
    boolean appliesTo(IfmapSession session) {
        return holds(capabilities, session.capabilities()) && holds(ifmapRoles, session.roles())
                && holds(deviceAttributes, session.deviceAttributes())
                && (identity == null || identity.holds(session.identity()));
    }

    private static boolean holds(NameCondition condition, List<String> values) {
        return condition == null || condition.holds(Names.clean(values));
    }

    /** Reads one policy of an import policy file. */
    static ImportPolicy read(PolicyYaml p) throws MapperException {
        p.onlyKeys("name", "description", "when", "then");
        PolicyYaml when = p.get("when").mapping("capabilities", "ifmap-roles", "device-attributes", "identity");
        PolicyYaml then = p.get("then").mapping("roles", "copy-capabilities", "username-from-identity", "stop");
        return new ImportPolicy(p.get("name").name(), p.get("description").text(),
                nameCondition(when.get("capabilities")), nameCondition(when.get("ifmap-roles")),
                nameCondition(when.get("device-attributes")), identityCondition(when.get("identity")),
                then.get("roles").names(), then.get("copy-capabilities").flag(false),
                then.get("username-from-identity").flag(true), then.get("stop").flag(false));
    }

    private static NameCondition nameCondition(PolicyYaml field) throws MapperException {
        field.mapping("any-of", "all-of");
        if (!field.present()) {
            return null;
        }
        PolicyYaml anyOf = field.get("any-of");
        PolicyYaml allOf = field.get("all-of");
        if (anyOf.present() == allOf.present()) {
            throw field.error("expected either any-of: [names] or all-of: [names]");
        }
        PolicyYaml list = anyOf.present() ? anyOf : allOf;
        List<String> names = list.names();
        if (names.isEmpty()) {
            throw list.error("a condition needs at least one name");
        }
        return new NameCondition(allOf.present(), names);
    }

    private static IdentityCondition identityCondition(PolicyYaml field) throws MapperException {
        field.mapping("any-of", "administrative-domain", "type");
        if (!field.present()) {
            return null;
        }
        PolicyYaml namesField = field.get("any-of");
        List<String> names = namesField.names();
        if (namesField.present() && names.isEmpty()) {
            throw namesField.error("a condition needs at least one name");
        }
        for (String n : names) {
            if (n.indexOf('*') != n.length() - 1 && n.indexOf('*') >= 0) {
                throw namesField.error("\"" + n + "\": a * may only end a name (a prefix match)");
            }
        }
        String domain = field.get("administrative-domain").text();
        Identity.Type type = field.get("type").identityType();
        if (names.isEmpty() && domain == null && type == null) {
            throw field.error("expected any-of: [names], administrative-domain or type");
        }
        return new IdentityCondition(names, domain == null ? null : domain.trim(), type);
    }
}
