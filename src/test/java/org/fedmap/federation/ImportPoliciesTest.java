package org.fedmap.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedmap.model.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportPoliciesTest {
    static IfmapSession session(String user, List<String> capabilities, List<String> deviceAttributes) {
        return new IfmapSession(Identity.of(Identity.Type.USERNAME, user), capabilities, List.of(), deviceAttributes,
                "");
    }

    static IfmapSession session(String user, String... capabilities) {
        return session(user, List.of(capabilities), List.of());
    }

    static ImportPolicies policies(String yaml) throws MapperException {
        return ImportPolicies.fromYaml("import.yaml", yaml);
    }

    static String refusal(String yaml) {
        return assertThrows(MapperException.class, () -> policies(yaml)).getMessage();
    }

    @Test
    void withNothingConfiguredEachCapabilityIsALocalRoleAndTheUsernameIsTheIdentity(@TempDir Path dir)
            throws Exception {
        ImportPolicies mapper = new ImportPolicies();
        mapper.configure(new MapperSettings(dir));
        assertEquals(new ImportedSession("alice", List.of("engineering", "legal")),
                mapper.importSession(session("alice", "engineering", "legal")));
        assertEquals(new ImportedSession("alice", List.of()), policies("policies:").importSession(session("alice")));
    }

    @Test
    void aSessionNoPolicyAppliesToIsNotAdmitted() throws MapperException {
        ImportedSession s = policies("""
                policies:
                  - when: {capabilities: {any-of: [engineering]}}
                    then: {roles: [eng]}
                """).importSession(session("bob", "sales"));
        assertEquals(new ImportedSession("", List.of()), s);
        assertFalse(s.admitted());
        assertEquals("user= roles=", s.line());
    }

    @Test
    void theSeedsContractorCapabilityGivesOnlyTheLimitedRole() throws MapperException {
        ImportPolicies mapper = policies("""
                policies:
                  - name: contractors
                    when: {capabilities: {any-of: [Contractor]}}
                    then: {roles: [limited], stop: true}
                  - name: everyone
                    then: {copy-capabilities: true}
                """);
        assertEquals(new ImportedSession("carl", List.of("limited")),
                mapper.importSession(session("carl", "engineering", "Contractor")));
        assertEquals(new ImportedSession("erin", List.of("engineering")),
                mapper.importSession(session("erin", "engineering")));
        assertEquals("user=carl roles=limited", mapper.importSession(session("carl", "Contractor")).line());
    }

    @Test
    void aDeviceAttributeCanDriveAPolicy() throws MapperException {
        ImportPolicies mapper = policies("""
                policies:
                  - then: {copy-capabilities: true}
                  - when:
                      capabilities: {any-of: [engineering]}
                      device-attributes: {any-of: [Corporate-Device]}
                    then: {roles: [source-code]}
                """);
        assertEquals(List.of("engineering", "source-code"), mapper.importSession(
                session("ann", List.of("engineering"), List.of("AV-Running", "Corporate-Device"))).roles());
        assertEquals(List.of("engineering"), mapper.importSession(
                session("ann", List.of("engineering"), List.of("AV-Running"))).roles());
        // every condition must hold: the device alone is not enough
        assertEquals(List.of("sales"), mapper.importSession(
                session("sam", List.of("sales"), List.of("Corporate-Device"))).roles());
    }

    @Test
    void allOfNeedsEveryNameAndAnyOfOne() throws MapperException {
        ImportPolicies mapper = policies("""
                policies:
                  - when: {capabilities: {all-of: [a, b]}}
                    then: {roles: [both]}
                  - when: {capabilities: {any-of: [a, b]}}
                    then: {roles: [either]}
                """);
        assertEquals(List.of("both", "either"), mapper.importSession(session("u", "b", "c", "a")).roles());
        assertEquals(List.of("either"), mapper.importSession(session("u", "b")).roles());
        assertEquals(List.of(), mapper.importSession(session("u", "c")).roles());
    }

    @Test
    void ifmapRoleConditions() throws MapperException {
        ImportPolicies mapper = policies("""
                policies:
                  - when: {ifmap-roles: {any-of: [Employee]}}
                    then: {roles: [staff]}
                """);
        IfmapSession employee = new IfmapSession(Identity.of(Identity.Type.USERNAME, "e"), List.of(),
                List.of("Employee"), List.of(), "");
        assertEquals(List.of("staff"), mapper.importSession(employee).roles());
        assertEquals(List.of(), mapper.importSession(session("e", "Employee")).roles());
    }

    @Test
    void identityConditionsOnNamePrefixDomainAndType() throws MapperException {
        ImportPolicies mapper = policies("""
                policies:
                  - name: partner-site
                    when:
                      identity: {administrative-domain: partner.example.com}
                    then: {roles: [guest], stop: true}
                  - name: service-accounts
                    when:
                      identity: {any-of: ["svc-*", root], type: username}
                    then: {roles: [service], username-from-identity: false}
                  - then: {copy-capabilities: true}
                """);
        IfmapSession partner = new IfmapSession(new Identity(Identity.Type.USERNAME, "jdoe", "partner.example.com",
                null), List.of("engineering"), List.of(), List.of(), "partner.example.com");
        assertEquals(new ImportedSession("jdoe", List.of("guest")), mapper.importSession(partner));
        // the same name in another domain is another user
        assertEquals(new ImportedSession("jdoe", List.of("engineering")),
                mapper.importSession(session("jdoe", "engineering")));

        assertEquals(new ImportedSession("svc-backup", List.of("service")),
                mapper.importSession(session("svc-backup")), "the last policy still takes the username");
        assertEquals(List.of("service"), mapper.importSession(session("root")).roles());
        assertEquals(List.of(), mapper.importSession(session("rooted")).roles(), "no * means the whole name");
        IfmapSession mail = new IfmapSession(Identity.of(Identity.Type.EMAIL_ADDRESS, "svc-mail"), List.of(),
                List.of(), List.of(), "");
        assertEquals(List.of(), mapper.importSession(mail).roles(), "type username is required");
    }

    @Test
    void theUsernameIsEmptyWhenNoApplyingPolicyTakesItFromTheIdentity() throws MapperException {
        ImportPolicies mapper = policies("""
                policies:
                  - when: {capabilities: {any-of: [kiosk]}}
                    then: {roles: [kiosk], username-from-identity: false, stop: true}
                  - then: {copy-capabilities: true, roles: [base]}
                """);
        assertEquals(new ImportedSession("", List.of("kiosk")), mapper.importSession(session("k1", "kiosk")));
        assertEquals(new ImportedSession("ann", List.of("engineering", "base")),
                mapper.importSession(session("ann", "engineering")));
    }

    @Test
    void theFirstApplyingPolicyWithStopEndsTheList() throws MapperException {
        ImportPolicies mapper = policies("""
                policies:
                  - then: {roles: [first]}
                  - when: {capabilities: {any-of: [nobody]}}
                    then: {stop: true}
                  - when: {capabilities: {any-of: [x]}}
                    then: {roles: [second], stop: true}
                  - then: {roles: [third]}
                """);
        assertEquals(List.of("first", "second"), mapper.importSession(session("u", "x")).roles());
        assertEquals(List.of("first", "third"), mapper.importSession(session("u", "y")).roles());
    }

    @Test
    void mistakesAreOneLineNamingTheFileThePolicyAndTheField() {
        assertEquals("import.yaml: policy 1 \"c\", field when.capabilities: expected either any-of: [names]"
                + " or all-of: [names]", refusal("""
                policies:
                  - name: c
                    when: {capabilities: {any-of: [a], all-of: [b]}}
                """));
        assertEquals("import.yaml: policy 2, field when.device-attributes.all-of: a condition needs at least"
                + " one name", refusal("""
                policies:
                  - then: {copy-capabilities: true}
                  - when: {device-attributes: {all-of: []}}
                """));
        assertEquals("import.yaml: policy 1, field when.identity.any-of: \"a*b\": a * may only end a name"
                + " (a prefix match)", refusal("policies: [{when: {identity: {any-of: [a*b]}}}]"));
        assertEquals("import.yaml: policy 1, field then.stop: expected true or false, got text \"always\"",
                refusal("policies: [{then: {stop: always}}]"));
        assertEquals("import.yaml: policy 1, field then.roles: expected a list of names, e.g. [a, b], got text"
                + " \"limited\"", refusal("policies: [{then: {roles: limited}}]"));
        assertEquals("import.yaml: policy 1, field when: unknown key 'capability'; expected capabilities,"
                + " ifmap-roles, device-attributes, identity",
                refusal("policies: [{when: {capability: {any-of: [a]}}}]"));
        assertTrue(refusal("policies: [{when: {identity: {type: user}}}]").startsWith(
                "import.yaml: policy 1, field when.identity.type: unknown identity type \"user\"; expected one of"
                        + " aik-name, "));
        assertEquals("import.yaml: policy 1, field when.identity: expected any-of: [names], administrative-domain"
                + " or type", refusal("policies: [{when: {identity: {}}}]"));
    }

    @Test
    void configureReadsImportYamlFromThePolicyDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("import.yaml"), """
                policies:
                  - when: {capabilities: {any-of: [Contractor]}}
                    then: {roles: [limited]}
                """);
        ImportPolicies mapper = new ImportPolicies();
        mapper.configure(new MapperSettings(dir));
        assertEquals("policies", mapper.name());
        assertEquals(1, mapper.policies().size());
        assertEquals(List.of(), mapper.importSession(session("a", "engineering")).roles());
        assertEquals(List.of("limited"), mapper.importSession(session("a", "Contractor")).roles());
    }

    @Test
    void policiesCanBeBuiltInCode() {
        ImportPolicy contractors = new ImportPolicy("contractors", "",
                new ImportPolicy.NameCondition(false, List.of("Contractor")), null, null, null, List.of("limited"),
                false, true, true);
        ImportPolicies mapper = new ImportPolicies(List.of(contractors));
        assertEquals(new ImportedSession("c", List.of("limited")), mapper.importSession(session("c", "Contractor")));
        assertThrows(IllegalArgumentException.class, () -> new ImportPolicy.NameCondition(true, List.of()));
    }
}
