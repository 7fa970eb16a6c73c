package org.fedmap.federation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.fedmap.model.Identity;
import org.fedmap.model.IfmapException;

/**
 * The built-in session-export mapper, {@code policies}: the ordered export policies of
 * {@code <policy directory>/export.yaml} (format and examples in {@code docs/POLICIES.md}).
 *
 * <p>Every policy that applies to a session adds its capabilities, IF-MAP roles and device attributes,
 * in policy order and without repeats; the identity's name, its type and the administrative-domain
 * each come from the first applying policy that sets them; the first applying policy with
 * {@code stop: true} is the last one looked at. With no policies at all (no file, or an empty list)
 * every role becomes a capability of the same name. With policies of which none applies, a session
 * gets no capabilities, and so is admitted nowhere.
 */
public final class ExportPolicies implements SessionExportMapper {
    /** The policy file this mapper reads from the policy directory. */
    public static final String FILE = "export.yaml";

    private static final List<ExportPolicy> DEFAULT = List.of(ExportPolicy.defaultPolicy());

    // set once by configure, before any export; volatile so exporting threads see it
    private volatile List<ExportPolicy> policies;

    /** The mapper as ServiceLoader makes it: the default behaviour until {@link #configure} reads a file. */
    public ExportPolicies() {
        this(List.of());
    }

    /** A mapper applying these policies in order; an empty list means the default behaviour. */
    public ExportPolicies(List<ExportPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    /** A mapper applying the policies of an export policy file's text ({@code source} names it in messages). */
    public static ExportPolicies fromYaml(String source, String yaml) throws MapperException {
        return new ExportPolicies(parse(PolicyYaml.policies(source, yaml)));
    }

    /** A mapper applying the policies of this file; the default behaviour when it does not exist. */
    public static ExportPolicies read(Path file) throws MapperException {
        return new ExportPolicies(load(file));
    }

    @Override
    public String name() {
        return "policies";
    }

    @Override
    public void configure(MapperSettings settings) throws MapperException {
        policies = settings.policyDirectory() == null ? List.of() : load(settings.policyDirectory().resolve(FILE));
    }

    /** The configured policies, in order; empty when the default behaviour applies. */
    public List<ExportPolicy> policies() {
        return policies;
    }

    /**
     * @throws IllegalArgumentException when the identity a policy makes is not a valid IF-MAP identity
     *                                  (a hip-hit identity whose name is not an IPv6 address, or a name
     *                                  longer than IF-MAP allows)
     */
    @Override
    public IfmapSession export(LocalSession session) {
        List<String> roles = Names.clean(session.roles());
        Set<String> capabilities = new LinkedHashSet<>();
        Set<String> ifmapRoles = new LinkedHashSet<>();
        Set<String> deviceAttributes = new LinkedHashSet<>();
        ExportPolicy templateFrom = null;
        ExportPolicy typeFrom = null;
        String domain = null;
        List<ExportPolicy> list = policies;
        for (ExportPolicy p : list.isEmpty() ? DEFAULT : list) {
            if (!p.appliesTo(roles)) {
                continue;
            }
            List<String> matching = p.matchingRoles(roles);
            p.capabilities().addTo(capabilities, roles, matching);
            p.ifmapRoles().addTo(ifmapRoles, roles, matching);
            p.deviceAttributes().addTo(deviceAttributes, Names.clean(session.hostCheckerPolicies()));
            if (templateFrom == null && p.identityTemplate() != null) {
                templateFrom = p;
            }
            if (typeFrom == null && p.identityType() != null) {
                typeFrom = p;
            }
            if (domain == null && p.administrativeDomain() != null) {
                domain = p.administrativeDomain();
            }
            if (p.stop()) {
                break;
            }
        }
        Identity identity = identity(session, templateFrom, typeFrom, domain == null ? "" : domain);
        return new IfmapSession(identity, new ArrayList<>(capabilities), new ArrayList<>(ifmapRoles),
                new ArrayList<>(deviceAttributes), identity.administrativeDomain());
    }

    private static Identity identity(LocalSession session, ExportPolicy templateFrom, ExportPolicy typeFrom,
                                     String domain) {
        IdentityTemplate template = templateFrom == null ? IdentityTemplate.NAME : templateFrom.identityTemplate();
        String name = template.render(session);
        if (name.isEmpty()) {
            // a template of variables the session lacks (<MAC> without a MAC address): an identity
            // needs a name, and the sign-in name is the one that still says who it is
            name = session.username();
        }
        Identity.Type type = typeFrom == null ? Identity.Type.USERNAME : typeFrom.identityType();
        String definition = typeFrom == null ? null : typeFrom.otherTypeDefinition();
        try {
            return new Identity(type, name, domain, definition);
        } catch (IfmapException e) {
            ExportPolicy maker = templateFrom != null ? templateFrom : typeFrom;
            String by = maker == null ? "" : " by " + maker.label();
            throw new IllegalArgumentException("the identity \"" + name + "\" made" + by + " is not valid: "
                    + e.getMessage(), e);
        }
    }

    private static List<ExportPolicy> load(Path file) throws MapperException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return parse(PolicyYaml.policies(file));
    }

    private static List<ExportPolicy> parse(List<PolicyYaml> nodes) throws MapperException {
        List<ExportPolicy> list = new ArrayList<>();
        for (PolicyYaml node : nodes) {
            list.add(ExportPolicy.read(node));
        }
        return list;
    }
}
