package org.fedmap.federation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.fedmap.model.Identity;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * One place in a policy file: a YAML node together with the file, the policy and the field it belongs
 * to. Policy files are written by hand, so every mistake is reported as one line an administrator can
 * act on: {@code conf/policies/export.yaml: policy 2 "legal", field capabilities.copy: ...}.
 *
 * <p>A key whose value is left empty ({@code roles:} with nothing after it) counts as absent.
 */
final class PolicyYaml {
    // Duplicate keys are refused: YAML would otherwise silently keep the last one.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String file;
    private final String policy;
    private final String field;
    private final JsonNode node;

    private PolicyYaml(String file, String policy, String field, JsonNode node) {
        this.file = file;
        this.policy = policy;
        this.field = field;
        this.node = node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    /** The policies a file lists; empty when it lists none (an empty or all-comment file lists none). */
    static List<PolicyYaml> policies(Path file) throws MapperException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MapperException(file + ": cannot be read: " + oneLine(String.valueOf(e.getMessage())), e);
        }
        return policies(file.toString(), text);
    }

    /**
     * The policies listed by a policy file's text.
     *
     * @param file what to call the text in messages, normally the file's path
     */
    static List<PolicyYaml> policies(String file, String text) throws MapperException {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MapperException(file + ": not valid YAML" + syntaxError(e), e);
        }
        PolicyYaml top = new PolicyYaml(file, "", "", root);
        if (!top.present()) {
            return List.of();
        }
        if (!top.node.isObject()) {
            throw top.error("expected a mapping with a 'policies' list, got " + kind(top.node));
        }
        top.onlyKeys("policies");
        PolicyYaml list = top.get("policies");
        if (!list.present()) {
            return List.of();
        }
        if (!list.node.isArray()) {
            throw list.error("expected a list of policies, got " + kind(list.node));
        }
        List<PolicyYaml> policies = new ArrayList<>();
        for (int i = 0; i < list.node.size(); i++) {
            JsonNode p = list.node.get(i);
            JsonNode name = p.get("name");
            boolean named = name != null && name.isTextual() && !name.asText().isBlank();
            String label = "policy " + (i + 1) + (named ? " \"" + name.asText().trim() + "\"" : "");
            PolicyYaml policy = new PolicyYaml(file, label, "", p);
            if (policy.node == null || !p.isObject()) {
                throw policy.error("expected a mapping of policy settings, got " + kind(p));
            }
            policies.add(policy);
        }
        return policies;
    }

    boolean present() {
        return node != null;
    }

    /** The value under a key of this mapping; absent when the key is. */
    PolicyYaml get(String key) {
        return new PolicyYaml(file, policy, field.isEmpty() ? key : field + "." + key,
                node == null ? null : node.get(key));
    }

    /** Refuses keys other than these, which are most likely misspelt. */
    void onlyKeys(String... keys) throws MapperException {
        Set<String> allowed = new LinkedHashSet<>(List.of(keys));
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw error("unknown key '" + key + "'; expected " + String.join(", ", allowed));
            }
        }
    }

    /** This value as a mapping, restricted to the given keys; absent stays absent. */
    PolicyYaml mapping(String... keys) throws MapperException {
        if (node != null && !node.isObject()) {
            throw error("expected a mapping (" + String.join(", ", keys) + "), got " + kind(node));
        }
        if (node != null) {
            onlyKeys(keys);
        }
        return this;
    }

    /** This value as text, or null when absent. Numbers and true/false are refused: names are quoted. */
    String text() throws MapperException {
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw error("expected text, got " + kind(node) + quoteHint(node));
        }
        return node.asText();
    }

    /** This value as a name: trimmed and not empty; null when absent. */
    String name() throws MapperException {
        String text = text();
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw error("a name cannot be empty");
        }
        return text.trim();
    }

    /** This value as a list of names, each trimmed and not empty, without repeats; empty when absent. */
    List<String> names() throws MapperException {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("expected a list of names, e.g. [a, b], got " + kind(node) + quoteHint(node));
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            names.add(new PolicyYaml(file, policy, field + " item " + (i + 1), node.get(i)).nameRequired());
        }
        return List.copyOf(names);
    }

    private String nameRequired() throws MapperException {
        String name = name();
        if (name == null) {
            throw error("a name cannot be empty");
        }
        return name;
    }

    /** This value as an IF-MAP identity type ({@code username}, {@code other}, ...), or null when absent. */
    Identity.Type identityType() throws MapperException {
        String text = name();
        if (text == null) {
            return null;
        }
        Identity.Type type = Identity.Type.fromXml(text);
        if (type == null) {
            throw error("unknown identity type \"" + text + "\"; expected one of "
                    + Arrays.stream(Identity.Type.values()).map(Identity.Type::xmlValue)
                            .collect(Collectors.joining(", ")));
        }
        return type;
    }

    /** This value as true or false, or the default when absent. */
    boolean flag(boolean whenAbsent) throws MapperException {
        if (node == null) {
            return whenAbsent;
        }
        if (!node.isBoolean()) {
            throw error("expected true or false, got " + kind(node));
        }
        return node.asBoolean();
    }

    /** A one-line refusal naming the file, the policy and the field. */
    MapperException error(String message) {
        StringBuilder s = new StringBuilder(file).append(": ");
        if (!policy.isEmpty()) {
            s.append(policy).append(field.isEmpty() ? ": " : ", ");
        }
        if (!field.isEmpty()) {
            s.append("field ").append(field).append(": ");
        }
        return new MapperException(s.append(oneLine(message)).toString());
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isTextual()) {
            return "text \"" + n.asText() + "\"";
        }
        if (n.isNumber()) {
            return "the number " + n.asText();
        }
        if (n.isBoolean()) {
            return "the boolean " + n.asText();
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String quoteHint(JsonNode n) {
        // YAML reads 2024 as a number and yes/on as booleans; a role with such a name must be quoted
        return n.isNumber() || n.isBoolean() ? " (put a name that looks like a number or yes/no in quotes)" : "";
    }

    private static String syntaxError(JsonProcessingException e) {
        // SnakeYAML's own message spans several lines with a drawing of the spot; its parts say the same in one
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            Mark at = m.getProblemMark();
            String context = m.getContext() == null ? ""
                    : " (" + m.getContext() + (m.getContextMark() == null ? ""
                            : " at line " + (m.getContextMark().getLine() + 1)) + ")";
            return " at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": "
                    + oneLine(m.getProblem() + context);
        }
        return where(e.getLocation()) + ": " + oneLine(e.getOriginalMessage());
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
