package org.fedmap.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.fedmap.model.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportPoliciesTest {
    static LocalSession session(String user, String... roles) {
        return new LocalSession(user, "Users", List.of(roles), "192.0.2.10", "00:11:22:33:44:55", List.of(),
                Instant.parse("2025-01-01T08:00:00Z"));
    }

    static ExportPolicies policies(String yaml) throws MapperException {
        return ExportPolicies.fromYaml("export.yaml", yaml);
    }

    @Test
    void withNothingConfiguredEveryRoleIsACapabilityAndTheIdentityIsTheUsername(@TempDir Path dir)
            throws Exception {
        ExportPolicies mapper = new ExportPolicies();
        mapper.configure(new MapperSettings(dir.resolve("no-such-directory")));
        IfmapSession s = mapper.export(session("alice", "engineering", "Legal"));

        assertEquals(new Identity(Identity.Type.USERNAME, "alice", "", null), s.identity());
        assertEquals(List.of("engineering", "Legal"), s.capabilities());
        assertEquals(List.of(), s.roles());
        assertEquals(List.of(), s.deviceAttributes());
        assertEquals("", s.macAdministrativeDomain());

        // an empty list is "nothing configured" too, and so is an empty file
        assertEquals(s, policies("policies: []").export(session("alice", "engineering", "Legal")));
        Files.writeString(dir.resolve("export.yaml"), "# nothing yet\n");
        mapper.configure(new MapperSettings(dir));
        assertEquals(s, mapper.export(session("alice", "engineering", "Legal")));
    }

    @Test
    void aSessionNoPolicyAppliesToGetsTheDefaultIdentityAndNoCapabilities() throws MapperException {
        IfmapSession s = policies("""
                policies:
                  - name: engineering
                    roles: [engineering]
                    capabilities: {copy: matching-roles}
                    ifmap-roles: {fixed: [staff]}
                """).export(session("bob", "sales"));
        assertEquals(Identity.of(Identity.Type.USERNAME, "bob"), s.identity());
        assertEquals(List.of(), s.capabilities());
        assertEquals(List.of(), s.roles());
    }

    @Test
    void theSeedsRoleMappings() throws MapperException {
        ExportPolicies mapper = policies("""
                policies:
                  - name: engineering
                    roles: [engineering]
                    capabilities: {copy: matching-roles}
                  - name: legal
                    roles: [Legal, Law]
                    capabilities: {fixed: [legal]}
                  - name: health
                    device-attributes: {copy-host-checker-policies: true}
                """);
        assertEquals(List.of("engineering"), mapper.export(session("ann", "engineering", "Users")).capabilities());
        assertEquals(List.of("legal"), mapper.export(session("lea", "Legal")).capabilities());
        assertEquals(List.of("legal"), mapper.export(session("law", "Law")).capabilities());
        // both departments' roles still make one capability
        assertEquals(List.of("legal"), mapper.export(session("two", "Law", "Legal")).capabilities());

        LocalSession checked = new LocalSession("hc", "", List.of("engineering"), "192.0.2.11", null,
                List.of("Corporate-Device", "AV-Running"), Instant.EPOCH);
        IfmapSession s = mapper.export(checked);
        assertEquals(List.of("Corporate-Device", "AV-Running"), s.deviceAttributes());
        assertEquals(List.of("engineering"), s.capabilities());
    }

    @Test
    void everyApplyingPolicyAddsInOrderWithoutRepeats() throws MapperException {
        IfmapSession s = policies("""
                policies:
                  - roles: [b]
                    capabilities: {copy: matching-roles, fixed: [fixed-1]}
                    ifmap-roles: {copy: all-roles}
                    device-attributes: {fixed: [d1]}
                  - roles: [nobody-has-this]
                    capabilities: {fixed: [never]}
                  - capabilities: {copy: all-roles, fixed: [fixed-1, fixed-2]}
                    ifmap-roles: {copy: matching-roles, fixed: [extra]}
                    device-attributes: {fixed: [d2, d1]}
                """).export(session("carol", "a", "b", "c"));
        assertEquals(List.of("b", "fixed-1", "a", "c", "fixed-2"), s.capabilities());
        assertEquals(List.of("a", "b", "c", "extra"), s.roles());
        assertEquals(List.of("d1", "d2"), s.deviceAttributes());
    }

    @Test
    void theFirstApplyingPolicyWithStopEndsTheList() throws MapperException {
        ExportPolicies mapper = policies("""
                policies:
                  - roles: [guest]
                    capabilities: {fixed: [guest-access]}
                    stop: true
                  - roles: [nobody-has-this]
                    stop: true
                  - capabilities: {copy: all-roles}
                """);
        assertEquals(List.of("guest-access"), mapper.export(session("g", "guest", "staff")).capabilities());
        // a stop on a policy that does not apply stops nothing
        assertEquals(List.of("staff"), mapper.export(session("s", "staff")).capabilities());
    }

    @Test
    void identityTypeAndDomainEachComeFromTheFirstApplyingPolicyThatSetsThem() throws MapperException {
        ExportPolicies mapper = policies("""
                policies:
                  - roles: [partners]
                    identity: {template: "<NAME>@<REALM>", type: email-address}
                  - roles: [staff]
                    administrative-domain: site-a
                  - identity: {template: "user-<NAME>"}
                    administrative-domain: site-b
                  - identity: {template: "ignored-<NAME>", type: kerberos-principal}
                """);
        IfmapSession partner = mapper.export(session("pat", "partners", "staff"));
        assertEquals(new Identity(Identity.Type.EMAIL_ADDRESS, "pat@Users", "site-a", null), partner.identity());
        assertEquals("site-a", partner.macAdministrativeDomain());

        IfmapSession other = mapper.export(session("oli", "visitors"));
        assertEquals(new Identity(Identity.Type.KERBEROS_PRINCIPAL, "user-oli", "site-b", null), other.identity());
        assertEquals("site-b", other.macAdministrativeDomain());
    }

    @Test
    void theAdministrativeDomainKeepsTwoSitesSameNamedUsersApart() throws MapperException {
        IfmapSession a = policies("policies: [{administrative-domain: site-a.example.com}]")
                .export(session("jdoe", "staff"));
        IfmapSession b = policies("policies: [{administrative-domain: site-b.example.com}]")
                .export(session("jdoe", "staff"));
        assertEquals("site-a.example.com", a.identity().administrativeDomain());
        assertEquals("site-a.example.com", a.macAdministrativeDomain());
        assertEquals("jdoe", b.identity().name());
        assertTrue(!a.identity().equals(b.identity()), "two domains make two identities");
        // an explicit empty domain is a setting too: it wins over a later policy's domain
        assertEquals("", policies("policies: [{administrative-domain: ''}, {administrative-domain: x}]")
                .export(session("jdoe")).identity().administrativeDomain());
    }

    @Test
    void templateVariablesTakeTheirValuesFromTheSession() throws MapperException {
        LocalSession s = new LocalSession("alice", "Corp", List.of(), "2001:db8:0:0:0:0:0:1", "aa:bb:cc:dd:ee:ff",
                List.of(), Instant.EPOCH);
        assertEquals("alice/alice@Corp from 2001:db8:0:0:0:0:0:1 aa:bb:cc:dd:ee:ff <>",
                policies("policies: [{identity: {template: '<NAME>/<USER>@<REALM> from <IP> <MAC> <>'}}]")
                        .export(s).identity().name());

        // what the session lacks is empty text; a name left empty falls back to the sign-in name
        LocalSession bare = new LocalSession("bob", null, List.of(), "192.0.2.1", null, List.of(), Instant.EPOCH);
        assertEquals("bob@", policies("policies: [{identity: {template: '<NAME>@<REALM>'}}]")
                .export(bare).identity().name());
        assertEquals("bob", policies("policies: [{identity: {template: '<MAC>'}}]").export(bare).identity().name());
    }

    @Test
    void anUnknownTemplateVariableIsRefusedAtLoad() {
        MapperException e = assertThrows(MapperException.class, () -> policies("""
                policies:
                  - name: realm
                    identity: {template: "<name>@<REALM>"}
                """));
        assertEquals("export.yaml: policy 1 \"realm\", field identity.template: unknown variable <name> in"
                + " \"<name>@<REALM>\"; the variables are <NAME>, <USER>, <REALM>, <IP>, <MAC>", e.getMessage());
    }

    @Test
    void identityTypeOtherCarriesItsDefinition() throws MapperException {
        IfmapSession s = policies("""
                policies:
                  - identity: {type: other, other-type-definition: employee-number}
                """).export(session("e1234"));
        assertEquals(new Identity(Identity.Type.OTHER, "e1234", "", "employee-number"), s.identity());

        assertEquals("export.yaml: policy 1, field identity.type: type other needs an other-type-definition"
                + " next to it", assertThrows(MapperException.class,
                () -> policies("policies: [{identity: {type: other}}]")).getMessage());
        assertEquals("export.yaml: policy 1, field identity.other-type-definition: an other-type-definition"
                + " needs type: other", assertThrows(MapperException.class,
                () -> policies("policies: [{identity: {other-type-definition: x}}]")).getMessage());
        assertTrue(assertThrows(MapperException.class,
                () -> policies("policies: [{identity: {type: other, other-type-definition: extended}}]"))
                .getMessage().contains("cannot be made from a template"));
    }

    @Test
    void anIdentityIfmapRefusesIsReportedWithThePolicyThatMadeIt() throws MapperException {
        ExportPolicies mapper = policies("policies: [{name: hip, identity: {type: hip-hit}}]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mapper.export(session("not-an-address")));
        assertTrue(e.getMessage().startsWith("the identity \"not-an-address\" made by "), e.getMessage());
        // with the template that makes an IPv6 address, it works
        LocalSession v6 = new LocalSession("u", "", List.of(), "2001:db8:0:0:0:0:0:5", null, List.of(), Instant.EPOCH);
        assertEquals("2001:db8:0:0:0:0:0:5", policies("policies: [{identity: {type: hip-hit, template: '<IP>'}}]")
                .export(v6).identity().name());
    }

    @Test
    void namesAreTrimmedAndCaseSensitive() throws MapperException {
        ExportPolicies mapper = policies("""
                policies:
                  - roles: ["  engineering "]
                    capabilities: {copy: matching-roles, fixed: [" eng "]}
                """);
        assertEquals(List.of("engineering", "eng"), mapper.export(session("a", " engineering")).capabilities());
        assertEquals(List.of(), mapper.export(session("b", "Engineering")).capabilities());
    }

    @Test
    void policiesCanBeBuiltInCode() {
        ExportPolicy legal = new ExportPolicy("legal", "", List.of("Legal", "Law"),
                new ExportPolicy.Copy(ExportPolicy.RoleSource.NONE, List.of("legal")), null, null, null, null,
                ExportPolicy.Copy.NOTHING, ExportPolicy.DeviceAttributes.NOTHING, true);
        ExportPolicies mapper = new ExportPolicies(List.of(legal));
        assertEquals("policies", mapper.name());
        assertEquals(List.of("legal"), mapper.export(session("l", "Law")).capabilities());
        assertThrows(IllegalArgumentException.class, () -> new ExportPolicy("x", "", List.of(),
                ExportPolicy.Copy.NOTHING, null, Identity.Type.OTHER, null, null, ExportPolicy.Copy.NOTHING,
                ExportPolicy.DeviceAttributes.NOTHING, false));
    }

    @Test
    void configureReadsExportYamlFromThePolicyDirectoryAndNamesItWhenItIsWrong(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("export.yaml"), """
                policies:
                  - name: eng
                    roles: [engineering]
                    capabilities: {copy: matching-roles}
                """);
        ExportPolicies mapper = new ExportPolicies();
        mapper.configure(new MapperSettings(dir));
        assertEquals(1, mapper.policies().size());
        assertEquals(List.of(), mapper.export(session("x", "sales")).capabilities());

        Files.writeString(dir.resolve("export.yaml"), """
                policies:
                  - name: eng
                    capabilities: {copy: every-role}
                """);
        MapperException e = assertThrows(MapperException.class, () -> mapper.configure(new MapperSettings(dir)));
        assertEquals(dir.resolve("export.yaml") + ": policy 1 \"eng\", field capabilities.copy: expected"
                + " matching-roles or all-roles, got \"every-role\"", e.getMessage());
    }
}
