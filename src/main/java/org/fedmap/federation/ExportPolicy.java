package org.fedmap.federation;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fedmap.model.Identity;

/**
 * One session-export policy: which sessions it applies to and what IF-MAP data it gives them. The
 * file format and the evaluation order are in {@code docs/POLICIES.md}; {@link ExportPolicies} applies
 * a list of these.
 *
 * @param name                 what the administrator calls it ("" when unnamed)
 * @param description          free text
 * @param roles                the local roles it applies to: a session holding any of them; empty for every session
 * @param capabilities         the capabilities it gives
 * @param identityTemplate     the identity name it sets, or null to leave that to a later policy
 * @param identityType         the identity type it sets, or null to leave that to a later policy
 * @param otherTypeDefinition  with type {@code other}, its other-type-definition; otherwise null
 * @param administrativeDomain the administrative-domain it sets on the identity and the MAC address
 *                             ("" for none), or null to leave that to a later policy
 * @param ifmapRoles           the IF-MAP roles it gives
 * @param deviceAttributes     the device attributes it gives
 * @param stop                 whether a session it applies to is given to no later policy
 */
public record ExportPolicy(String name, String description, List<String> roles, Copy capabilities,
                           IdentityTemplate identityTemplate, Identity.Type identityType, String otherTypeDefinition,
                           String administrativeDomain, Copy ifmapRoles, DeviceAttributes deviceAttributes,
                           boolean stop) {

    /** Which of the session's local roles a policy copies. */
    public enum RoleSource {
        /** None: only the fixed names. */
        NONE("none"),
        /** The session's roles that the policy's {@code roles} name (all of them when it names none). */
        MATCHING_ROLES("matching-roles"),
        /** Every role the session holds. */
        ALL_ROLES("all-roles");

        private final String yamlName;

        RoleSource(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    /**
     * Names made from local roles: the copied roles first, then the fixed names.
     *
     * @param copy  which roles to copy
     * @param fixed names given whatever roles the session holds
     */
    public record Copy(RoleSource copy, List<String> fixed) {
        public static final Copy NOTHING = new Copy(RoleSource.NONE, List.of());

        public Copy {
            Objects.requireNonNull(copy, "copy");
            fixed = List.copyOf(fixed);
        }

        void addTo(Set<String> names, List<String> allRoles, List<String> matchingRoles) {
            if (copy == RoleSource.ALL_ROLES) {
                names.addAll(allRoles);
            } else if (copy == RoleSource.MATCHING_ROLES) {
                names.addAll(matchingRoles);
            }
            names.addAll(fixed);
        }
    }

    /**
     * Device-attribute names: the Host Checker policies the endpoint passed first, then the fixed names.
     *
     * @param copyHostCheckerPolicies whether the passed Host Checker policies' names are copied
     * @param fixed                   names given to every session the policy applies to
     */
    public record DeviceAttributes(boolean copyHostCheckerPolicies, List<String> fixed) {
        public static final DeviceAttributes NOTHING = new DeviceAttributes(false, List.of());

        public DeviceAttributes {
            fixed = List.copyOf(fixed);
        }

        void addTo(Set<String> names, List<String> hostCheckerPolicies) {
            if (copyHostCheckerPolicies) {
                names.addAll(hostCheckerPolicies);
            }
            names.addAll(fixed);
        }
    }

    public ExportPolicy {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        roles = List.copyOf(roles);
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(ifmapRoles, "ifmapRoles");
        Objects.requireNonNull(deviceAttributes, "deviceAttributes");
        if (identityType == Identity.Type.OTHER) {
            if (otherTypeDefinition == null || otherTypeDefinition.isBlank()) {
                throw new IllegalArgumentException("identity type other needs an other-type-definition");
            }
            if (Identity.EXTENDED.equals(otherTypeDefinition)) {
                throw new IllegalArgumentException("extended identifiers cannot be made from a template");
            }
        } else if (otherTypeDefinition != null) {
            throw new IllegalArgumentException("an other-type-definition needs identity type other");
        }
    }

    /** The policy fedmap applies when none is configured: every role becomes a capability of the same name. */
    static ExportPolicy defaultPolicy() {
        return new ExportPolicy("default", "every role becomes a capability of the same name", List.of(),
                new Copy(RoleSource.ALL_ROLES, List.of()), null, null, null, null, Copy.NOTHING,
                DeviceAttributes.NOTHING, false);
    }

    /** Whether a session holding these roles is one this policy applies to. */
    boolean appliesTo(List<String> sessionRoles) {
        return roles.isEmpty() || sessionRoles.stream().anyMatch(roles::contains);
    }

    /** The session's roles that this policy names, in the session's order. */
    List<String> matchingRoles(List<String> sessionRoles) {
        return roles.isEmpty() ? sessionRoles : sessionRoles.stream().filter(roles::contains).toList();
    }

    /** How messages refer to this policy. */
    String label() {
        return name.isEmpty() ? "an unnamed export policy" : "export policy \"" + name + "\"";
    }

    /** Reads one policy of an export policy file. */
    static ExportPolicy read(PolicyYaml p) throws MapperException {
        p.onlyKeys("name", "description", "roles", "capabilities", "identity", "administrative-domain",
                "ifmap-roles", "device-attributes", "stop");
        PolicyYaml identity = p.get("identity").mapping("template", "type", "other-type-definition");

        IdentityTemplate template = null;
        PolicyYaml templateField = identity.get("template");
        String templateText = templateField.text();
        if (templateText != null) {
            try {
                template = new IdentityTemplate(templateText.trim());
            } catch (IllegalArgumentException e) {
                throw templateField.error(e.getMessage());
            }
        }

        PolicyYaml typeField = identity.get("type");
        Identity.Type type = typeField.identityType();
        PolicyYaml definitionField = identity.get("other-type-definition");
        String definition = definitionField.name();
        if (type == Identity.Type.OTHER && definition == null) {
            throw typeField.error("type other needs an other-type-definition next to it");
        }
        if (definition != null && type != Identity.Type.OTHER) {
            throw definitionField.error("an other-type-definition needs type: other");
        }
        if (Identity.EXTENDED.equals(definition)) {
            throw definitionField.error("extended identifiers (other-type-definition extended) are XML documents"
                    + " and cannot be made from a template");
        }

        PolicyYaml domainField = p.get("administrative-domain");
        String domain = domainField.text();

        return new ExportPolicy(p.get("name").name(), p.get("description").text(), p.get("roles").names(),
                copy(p.get("capabilities")), template, type, definition, domain == null ? null : domain.trim(),
                copy(p.get("ifmap-roles")), deviceAttributes(p.get("device-attributes")), p.get("stop").flag(false));
    }

    private static Copy copy(PolicyYaml field) throws MapperException {
        field.mapping("copy", "fixed");
        if (!field.present()) {
            return Copy.NOTHING;
        }
        RoleSource source = RoleSource.NONE;
        PolicyYaml copyField = field.get("copy");
        String copyText = copyField.name();
        if (copyText != null) {
            source = Arrays.stream(RoleSource.values())
                    .filter(s -> s != RoleSource.NONE && s.yamlName().equals(copyText)).findFirst()
                    .orElseThrow(() -> copyField.error("expected " + RoleSource.MATCHING_ROLES.yamlName() + " or "
                            + RoleSource.ALL_ROLES.yamlName() + ", got \"" + copyText + "\""));
        }
        return new Copy(source, field.get("fixed").names());
    }

    private static DeviceAttributes deviceAttributes(PolicyYaml field) throws MapperException {
        field.mapping("copy-host-checker-policies", "fixed");
        if (!field.present()) {
            return DeviceAttributes.NOTHING;
        }
        return new DeviceAttributes(field.get("copy-host-checker-policies").flag(false), field.get("fixed").names());
    }
}
