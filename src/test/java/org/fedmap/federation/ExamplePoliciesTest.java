package org.fedmap.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import org.fedmap.model.Identity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policy files shipped in {@code conf/policies}: the default configuration of {@code fedmap session
 * export/import}, which must load and behave as their comments and {@code docs/POLICIES.md} say.
 */
class ExamplePoliciesTest {
    // tests run in the project's root directory
    private static final Path DIR = Path.of("conf", "policies");

    private static ExportPolicies exporter;
    private static ImportPolicies importer;

    @BeforeAll
    static void load() throws MapperException {
        exporter = new ExportPolicies();
        exporter.configure(new MapperSettings(DIR));
        importer = new ImportPolicies();
        importer.configure(new MapperSettings(DIR));
    }

    private static LocalSession session(String user, List<String> roles, List<String> hostChecks) {
        return new LocalSession(user, "Users", roles, "192.0.2.20", "00:11:22:33:44:55", hostChecks,
                Instant.parse("2025-03-01T09:00:00Z"));
    }

    /** The local roles the protected gateway gives a session exported by the signing-in gateway. */
    private static ImportedSession federate(String user, List<String> roles, List<String> hostChecks) {
        return importer.importSession(exporter.export(session(user, roles, hostChecks)));
    }

    @Test
    void bothFilesLoadWithTheirPolicies() {
        assertEquals(List.of("engineering", "legal", "contractors", "endpoint-health"),
                exporter.policies().stream().map(ExportPolicy::name).toList());
        assertEquals(List.of("contractors", "capabilities-as-roles", "source-code-from-managed-devices"),
                importer.policies().stream().map(ImportPolicy::name).toList());
    }

    @Test
    void engineeringStaysEngineering() {
        IfmapSession exported = exporter.export(session("ann", List.of("engineering", "Users"), List.of()));
        assertEquals(List.of("engineering"), exported.capabilities());
        assertEquals(Identity.of(Identity.Type.USERNAME, "ann"), exported.identity());
        assertEquals("user=ann roles=engineering", federate("ann", List.of("engineering"), List.of()).line());
    }

    @Test
    void legalAndLawBecomeOneLegalCapability() {
        assertEquals(List.of("legal"), exporter.export(session("lea", List.of("Legal"), List.of())).capabilities());
        assertEquals(List.of("legal"), exporter.export(session("leo", List.of("Law"), List.of())).capabilities());
        assertEquals(List.of("legal"),
                exporter.export(session("lou", List.of("Law", "Legal"), List.of())).capabilities());
        assertEquals("user=leo roles=legal", federate("leo", List.of("Law"), List.of()).line());
    }

    @Test
    void aContractorGetsOnlyTheLimitedRole() {
        assertEquals(List.of("engineering", "Contractor"),
                exporter.export(session("carl", List.of("Contractor", "engineering"), List.of())).capabilities());
        assertEquals(new ImportedSession("carl", List.of("limited")),
                federate("carl", List.of("Contractor", "engineering"), List.of("Corporate-Device")));
    }

    @Test
    void aHostCheckerPolicyTravelsAsADeviceAttributeAndOpensTheSourceCode() {
        IfmapSession exported = exporter.export(session("ann", List.of("engineering"), List.of("Corporate-Device")));
        assertEquals(List.of("Corporate-Device"), exported.deviceAttributes());
        assertEquals(List.of("engineering", "source-code"), importer.importSession(exported).roles());
        assertEquals(List.of("engineering"), federate("ann", List.of("engineering"), List.of("AV-Running")).roles());
    }

    @Test
    void aRoleNoPolicyNamesIsNotExportedAndAdmitsNothing() {
        IfmapSession exported = exporter.export(session("sam", List.of("sales"), List.of()));
        assertEquals(List.of(), exported.capabilities());
        ImportedSession imported = importer.importSession(exported);
        assertEquals("sam", imported.username());
        assertTrue(!imported.admitted());
    }

    @Test
    void theCommentedOutExamplesAreValidOnceUncommented() throws Exception {
        ExportPolicies export = ExportPolicies.fromYaml("export.yaml", uncomment(DIR.resolve("export.yaml")));
        assertEquals(List.of("engineering", "legal", "contractors", "endpoint-health", "site",
                "realm-qualified-identity", "ifmap-roles"),
                export.policies().stream().map(ExportPolicy::name).toList());
        IfmapSession site = export.export(session("jdoe", List.of("engineering"), List.of()));
        assertEquals(new Identity(Identity.Type.EMAIL_ADDRESS, "jdoe@Users", "site-a.example.com", null),
                site.identity());
        assertEquals("site-a.example.com", site.macAdministrativeDomain());
        assertEquals(List.of("engineering"), site.roles());

        ImportPolicies imports = ImportPolicies.fromYaml("import.yaml", uncomment(DIR.resolve("import.yaml")));
        assertEquals(List.of("contractors", "partner-site", "service-accounts", "capabilities-as-roles",
                "source-code-from-managed-devices"), imports.policies().stream().map(ImportPolicy::name).toList());
        IfmapSession partner = new IfmapSession(new Identity(Identity.Type.USERNAME, "jdoe", "partner.example.com",
                null), List.of("engineering"), List.of(), List.of(), "partner.example.com");
        assertEquals(new ImportedSession("jdoe", List.of("guest")), imports.importSession(partner));
        assertEquals(new ImportedSession("jdoe", List.of("engineering")),
                imports.importSession(ImportPoliciesTest.session("jdoe", "engineering")));
        assertEquals(new ImportedSession("", List.of("service")),
                imports.importSession(ImportPoliciesTest.session("svc-backup", "engineering")));
    }

    @Test
    void serviceLoaderFindsBothBuiltInMappersAsPolicies() {
        assertEquals(List.of("policies"), ServiceLoader.load(SessionExportMapper.class).stream()
                .map(p -> p.get().name()).toList());
        assertEquals(List.of(ImportPolicies.class), ServiceLoader.load(SessionImportMapper.class).stream()
                .map(ServiceLoader.Provider::type).toList());
    }

    /** A policy file with its commented-out example policies ({@code # - name:} blocks) made live. */
    private static String uncomment(Path file) throws Exception {
        return Files.readString(file).replaceAll("(?m)^  # (?=- |  )", "  ");
    }
}
