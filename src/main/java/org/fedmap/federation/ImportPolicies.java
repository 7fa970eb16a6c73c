package org.fedmap.federation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The built-in session-import mapper, {@code policies}: the ordered import policies of
 * {@code <policy directory>/import.yaml} (format and examples in {@code docs/POLICIES.md}).
 *
 * <p>Every policy whose conditions hold adds its local roles (the copied capabilities first, then its
 * fixed roles), in policy order and without repeats, up to and including the first such policy with
 * {@code stop: true}. The local username is the identity's name when any of those policies takes it
 * from the identity (they do unless they say {@code username-from-identity: false}), else empty. With no
 * policies at all (no file, or an empty list) each capability becomes a local role of the same name;
 * with policies of which none holds, the session gets no roles: it is not admitted.
 */
public final class ImportPolicies implements SessionImportMapper {
    /** The policy file this mapper reads from the policy directory. */
    public static final String FILE = "import.yaml";

    private static final List<ImportPolicy> DEFAULT = List.of(ImportPolicy.defaultPolicy());

    // set once by configure, before any import; volatile so importing threads see it
    private volatile List<ImportPolicy> policies;

    /** The mapper as ServiceLoader makes it: the default behaviour until {@link #configure} reads a file. */
    public ImportPolicies() {
        this(List.of());
    }

    /** A mapper applying these policies in order; an empty list means the default behaviour. */
    public ImportPolicies(List<ImportPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    /** A mapper applying the policies of an import policy file's text ({@code source} names it in messages). */
    public static ImportPolicies fromYaml(String source, String yaml) throws MapperException {
        return new ImportPolicies(parse(PolicyYaml.policies(source, yaml)));
    }

    /** A mapper applying the policies of this file; the default behaviour when it does not exist. */
    public static ImportPolicies read(Path file) throws MapperException {
        return new ImportPolicies(load(file));
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
    public List<ImportPolicy> policies() {
        return policies;
    }

    @Override
    public ImportedSession importSession(IfmapSession session) {
        Set<String> roles = new LinkedHashSet<>();
        boolean username = false;
        List<ImportPolicy> list = policies;
        for (ImportPolicy p : list.isEmpty() ? DEFAULT : list) {
            if (!p.appliesTo(session)) {
                continue;
            }
            if (p.copyCapabilities()) {
                roles.addAll(Names.clean(session.capabilities()));
            }
            roles.addAll(p.roles());
            username |= p.usernameFromIdentity();
            if (p.stop()) {
                break;
            }
        }
        return new ImportedSession(username ? session.identity().name() : "", new ArrayList<>(roles));
    }

    private static List<ImportPolicy> load(Path file) throws MapperException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return parse(PolicyYaml.policies(file));
    }

    private static List<ImportPolicy> parse(List<PolicyYaml> nodes) throws MapperException {
        List<ImportPolicy> list = new ArrayList<>();
        for (PolicyYaml node : nodes) {
            list.add(ImportPolicy.read(node));
        }
        return list;
    }
}
