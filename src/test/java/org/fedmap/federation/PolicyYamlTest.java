package org.fedmap.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an administrator reads when a policy file is wrong: one line naming the file, the policy and the field. */
class PolicyYamlTest {
    private static String refusal(String yaml) {
        String message = assertThrows(MapperException.class, () -> ExportPolicies.fromYaml("export.yaml", yaml))
                .getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        return message;
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileAndTheLine() {
        assertEquals("export.yaml: not valid YAML at line 3, column 4: expected <block end>, but found"
                + " '<block mapping start>' (while parsing a block collection at line 2)", refusal("""
                policies:
                  - name: engineering
                   roles: [engineering]
                """));
        assertEquals("export.yaml: not valid YAML at line 4, column 1: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence at line 3)", refusal("""
                policies:
                  - name: engineering
                    roles: [engineering
                """));
        assertTrue(refusal("policies:\n\t- name: x\n").startsWith("export.yaml: not valid YAML at line 2, column 1: "));
    }

    @Test
    void aKeyGivenTwiceIsRefusedRatherThanTheLastOneWinning() {
        String message = refusal("""
                policies:
                  - name: eng
                    roles: [engineering]
                    roles: [Legal]
                """);
        assertTrue(message.startsWith("export.yaml: not valid YAML at line 4"), message);
        assertTrue(message.contains("'roles'"), message);
    }

    @Test
    void wrongTypesNameTheFieldAndWhatWasFound() {
        assertEquals("export.yaml: policy 1 \"eng\", field roles: expected a list of names, e.g. [a, b], got text"
                + " \"engineering\"", refusal("policies: [{name: eng, roles: engineering}]"));
        assertEquals("export.yaml: policy 2, field roles item 2: expected text, got the number 2024 (put a name"
                + " that looks like a number or yes/no in quotes)", refusal("policies: [{}, {roles: [a, 2024]}]"));
        assertEquals("export.yaml: policy 1, field roles item 1: a name cannot be empty",
                refusal("policies: [{roles: ['  ']}]"));
        assertEquals("export.yaml: policy 1, field capabilities: expected a mapping (copy, fixed), got a list",
                refusal("policies: [{capabilities: [engineering]}]"));
        assertEquals("export.yaml: policy 1, field stop: expected true or false, got text \"sometimes\"",
                refusal("policies: [{stop: sometimes}]"));
        assertEquals("export.yaml: policy 1, field device-attributes.copy-host-checker-policies: expected true or"
                + " false, got the number 1",
                refusal("policies: [{device-attributes: {copy-host-checker-policies: 1}}]"));
        assertEquals("export.yaml: policy 1: expected a mapping of policy settings, got text \"engineering\"",
                refusal("policies: [engineering]"));
        assertEquals("export.yaml: field policies: expected a list of policies, got a mapping",
                refusal("policies: {name: x}"));
        assertEquals("export.yaml: expected a mapping with a 'policies' list, got a list", refusal("- name: x"));
        assertTrue(refusal("policies: [{identity: {type: user}}]").startsWith("export.yaml: policy 1, field"
                + " identity.type: unknown identity type \"user\"; expected one of aik-name, distinguished-name, "));
    }

    @Test
    void aMisspeltKeyIsRefusedWithTheKeysThatAreAllowed() {
        assertEquals("export.yaml: policy 1 \"eng\": unknown key 'capabilites'; expected name, description,"
                + " roles, capabilities, identity, administrative-domain, ifmap-roles, device-attributes, stop",
                refusal("policies: [{name: eng, capabilites: {copy: all-roles}}]"));
        assertEquals("export.yaml: unknown key 'policy'; expected policies", refusal("policy: []"));
        assertEquals("export.yaml: policy 1, field identity: unknown key 'name'; expected template, type,"
                + " other-type-definition", refusal("policies: [{identity: {name: '<NAME>'}}]"));
    }

    @Test
    void aFileThatCannotBeReadIsNamed(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("import.yaml"));
        MapperException e = assertThrows(MapperException.class,
                () -> new ImportPolicies().configure(new MapperSettings(dir)));
        assertTrue(e.getMessage().startsWith(dir.resolve("import.yaml") + ": cannot be read: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
