package org.fedmap.engine.filter;

import static org.fedmap.engine.filter.Items.PREFIXES;
import static org.fedmap.engine.filter.Items.jnpr;
import static org.fedmap.engine.filter.Items.matches;
import static org.fedmap.engine.filter.Items.meta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.fedmap.model.Cardinality;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.IfmapException;
import org.fedmap.model.Lifetime;
import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;
import org.junit.jupiter.api.Test;

class FilterTest {
    private static final Metadata ROLE = meta("pub1", "<meta:role><name>finance</name></meta:role>");
    private static final Metadata CAPABILITY = meta("pub2", "<meta:capability><name>b</name></meta:capability>");
    private static final Metadata IP = meta("pub1", "<meta:access-request-ip/>");
    private static final Metadata MIGRATION = jnpr("pub1", "<jnpr:migration-id>7</jnpr:migration-id>");

    @Test
    void absentAttributeMatchesEverythingAndEmptyMatchesNothing() {
        assertTrue(Filter.ALL.isAll());
        assertFalse(Filter.ALL.isNone());
        assertNull(Filter.ALL.expression());
        assertTrue(Filter.ALL.matches(ROLE, ProtocolVersion.IFMAP_2));
        assertTrue(Filter.ALL.matches(IP, ProtocolVersion.IFMAP_1_1));

        assertTrue(Filter.NONE.isNone());
        assertFalse(Filter.NONE.isAll());
        assertEquals("", Filter.NONE.expression());
        assertEquals("", Filter.NONE.toString());
        assertFalse(Filter.NONE.matches(ROLE, ProtocolVersion.IFMAP_2));

        assertSame(Filter.NONE, Filter.compile("", PREFIXES));
        assertSame(Filter.NONE, Filter.compile(" \t\r\n ", PREFIXES));
        assertSame(Filter.ALL, Filter.compile(null, PREFIXES));
    }

    @Test
    void compiledFilterKeepsItsSourceText() {
        Filter f = Filter.compile(" meta:role ", PREFIXES);
        assertFalse(f.isAll());
        assertFalse(f.isNone());
        assertEquals(" meta:role ", f.expression());
        assertEquals(" meta:role ", f.toString());
    }

    @Test
    void nameTestsUseTheNamespacesOfTheResolver() {
        assertTrue(matches("meta:role", ROLE));
        assertFalse(matches("meta:role", CAPABILITY));
        assertFalse(matches("meta:role", MIGRATION));
        assertTrue(matches("jnpr:migration-id", MIGRATION));
        // The prefix is only a handle: another prefix bound to the same URI selects the same items.
        assertTrue(Filter.compile("m:role", Map.of("m", Items.META)::get).matches(ROLE, ProtocolVersion.IFMAP_2));
        // ... and the same prefix bound elsewhere does not.
        assertFalse(Filter.compile("meta:role", Map.of("meta", Items.JNPR)::get)
                .matches(ROLE, ProtocolVersion.IFMAP_2));
    }

    @Test
    void unprefixedElementNamesAreInNoNamespace() {
        assertFalse(matches("role", ROLE));
        Metadata plain = Items.item("pub1", "", "<role><name>x</name></role>");
        assertTrue(matches("role", plain));
        assertFalse(matches("meta:role", plain));
    }

    @Test
    void wildcards() {
        assertTrue(matches("*", ROLE));
        assertTrue(matches("meta:*", ROLE));
        assertFalse(matches("jnpr:*", ROLE));
        assertTrue(matches("jnpr:*", MIGRATION));
    }

    @Test
    void unboundPrefixIsRefusedWithAFailure() {
        IfmapException e = assertThrows(IfmapException.class, () -> Filter.compile("meta:role or foo:bar", PREFIXES));
        assertEquals(ErrorCode.Failure, e.code());
        assertTrue(e.getMessage().contains("meta:role or foo:bar"), e.getMessage());
        assertTrue(e.getMessage().contains("'foo'"), e.getMessage());
        assertTrue(e.getMessage().contains("not bound"), e.getMessage());
        assertThrows(IfmapException.class, () -> Filter.compile("*[@foo:x]", PREFIXES));
        assertThrows(IfmapException.class, () -> Filter.compile("foo:*", PREFIXES));
    }

    @Test
    void prefixesAreResolvedWhenCompiling() {
        Map<String, String> bindings = new HashMap<>(Items.BINDINGS);
        Filter f = Filter.compile("meta:role", bindings::get);
        bindings.put("meta", Items.JNPR);
        assertTrue(f.matches(ROLE, ProtocolVersion.IFMAP_2));
    }

    @Test
    void theXmlPrefixIsAlwaysBound() {
        Metadata item = meta("pub1", "<meta:role xml:lang=\"en-GB\"><name>x</name></meta:role>");
        assertTrue(Filter.compile("*[@xml:lang = 'en-GB']", p -> null).matches(item, ProtocolVersion.IFMAP_2));
    }

    @Test
    void alternativesOfNames() {
        String f = "meta:access-request-ip or jnpr:migration-id";
        assertTrue(matches(f, IP));
        assertTrue(matches(f, MIGRATION));
        assertFalse(matches(f, ROLE));
        assertTrue(matches("meta:role and meta:role/name", ROLE));
        assertFalse(matches("meta:role and jnpr:migration-id", ROLE));
    }

    @Test
    void operationalAttributesCarryTheReadersNames() {
        Metadata item = meta("P", "<meta:role><name>x</name></meta:role>");
        assertTrue(matches("meta:role[@ifmap-publisher-id = 'P']", item, ProtocolVersion.IFMAP_2));
        assertFalse(matches("meta:role[@ifmap-publisher-id = 'P']", item, ProtocolVersion.IFMAP_1_1));
        assertTrue(matches("meta:role[@publisher-id = 'P']", item, ProtocolVersion.IFMAP_1_1));
        assertFalse(matches("meta:role[@publisher-id = 'P']", item, ProtocolVersion.IFMAP_2));

        assertTrue(matches("*[@ifmap-cardinality = 'multiValue']", item, ProtocolVersion.IFMAP_2));
        assertTrue(matches("*[@cardinality = 'multiValue']", item, ProtocolVersion.IFMAP_1_1));
        assertFalse(matches("*[@cardinality]", item, ProtocolVersion.IFMAP_2));
        assertTrue(matches("*[@ifmap-timestamp = '" + item.timestampText() + "']", item, ProtocolVersion.IFMAP_2));
        assertTrue(matches("*[@timestamp]", item, ProtocolVersion.IFMAP_1_1));
    }

    @Test
    void operationalAttributesAreAmongAllAttributes() {
        Metadata item = meta("P", "<meta:event type=\"worm\"><name>x</name></meta:event>");
        // type + publisher + timestamp + cardinality
        assertTrue(matches("count(*/@*) = 4", item));
        assertTrue(matches("*/@*[1] = 'worm'", item));
        assertTrue(matches("name(*/@*[2]) = 'ifmap-publisher-id'", item, ProtocolVersion.IFMAP_2));
        assertTrue(matches("name(*/@*[2]) = 'publisher-id'", item, ProtocolVersion.IFMAP_1_1));
        assertTrue(matches("*/@* = 'P'", item));
        assertTrue(matches("*[@type = 'worm']", item));
    }

    @Test
    void unstampedItemsHaveOnlyACardinality() {
        String xml = Items.declare("<meta:role><name>x</name></meta:role>", "meta", Items.META);
        Metadata item = Metadata.unstamped(Items.META, "role", Cardinality.SINGLE_VALUE, xml, xml.indexOf('>'));
        assertFalse(matches("*[@ifmap-publisher-id]", item));
        assertFalse(matches("*[@ifmap-timestamp]", item));
        assertTrue(matches("*[@ifmap-cardinality = 'singleValue']", item));
        assertTrue(matches("count(*/@*) = 1", item));
    }

    @Test
    void notEqualsOnAMissingAttributeIsFalse() {
        assertFalse(matches("meta:role[@color != 'red']", ROLE));
        assertFalse(matches("meta:role[@color = 'red']", ROLE));
        assertTrue(matches("meta:role[not(@color = 'red')]", ROLE));
        // A 1.1 reader has no ifmap-publisher-id, so "published by someone else" is false for it, not true.
        assertFalse(matches("meta:role[@ifmap-publisher-id != 'other']", ROLE, ProtocolVersion.IFMAP_1_1));
        assertTrue(matches("meta:role[@ifmap-publisher-id != 'other']", ROLE, ProtocolVersion.IFMAP_2));
    }

    @Test
    void juniperEventFilter() {
        String f = "meta:event[@publisher-id != \"1CgABFQ/1\"] or jnpr:idp-event[@publisher-id != \"1CgABFQ/1\"]"
                + " or jnpr:deny-message[@publisher-id != \"1CgABFQ/1\"]";
        Metadata ownEvent = meta("1CgABFQ/1", "<meta:event><name>e</name></meta:event>");
        Metadata otherEvent = meta("2XyZ/3", "<meta:event><name>e</name></meta:event>");
        Metadata otherIdp = jnpr("2XyZ/3", "<jnpr:idp-event><x>1</x></jnpr:idp-event>");
        Metadata ownDeny = jnpr("1CgABFQ/1", "<jnpr:deny-message>no</jnpr:deny-message>");
        Metadata otherDeny = jnpr("2XyZ/3", "<jnpr:deny-message>no</jnpr:deny-message>");
        Metadata otherRole = meta("2XyZ/3", "<meta:role><name>e</name></meta:role>");
        ProtocolVersion v1 = ProtocolVersion.IFMAP_1_1;
        assertFalse(matches(f, ownEvent, v1));
        assertTrue(matches(f, otherEvent, v1));
        assertTrue(matches(f, otherIdp, v1));
        assertFalse(matches(f, ownDeny, v1));
        assertTrue(matches(f, otherDeny, v1));
        assertFalse(matches(f, otherRole, v1));
        // A 2.x reader sees no attribute of that name, so nothing is "published by someone else".
        assertFalse(matches(f, otherEvent, ProtocolVersion.IFMAP_2));
    }

    @Test
    void predicatesOnChildText() {
        assertTrue(matches("meta:role[name='finance']", ROLE));
        assertFalse(matches("meta:role[name='hr']", ROLE));
        assertFalse(matches("meta:capability[name='finance']", ROLE));
        assertTrue(matches("meta:capability[name=\"a\" or name=\"b\"]", CAPABILITY));
        assertFalse(matches("meta:capability[name=\"a\" or name=\"c\"]", CAPABILITY));
        assertTrue(matches("meta:role[name][@ifmap-publisher-id='pub1']", ROLE));
        assertFalse(matches("meta:role[name][@ifmap-publisher-id='pub2']", ROLE));
        Metadata two = meta("p", "<meta:capability><name>a</name><name>b</name></meta:capability>");
        assertTrue(matches("meta:capability[name = 'b']", two));
        assertTrue(matches("meta:capability[name != 'a']", two));
        assertTrue(matches("meta:capability[name[2] = 'b']", two));
        assertFalse(matches("meta:capability[name[1] = 'b']", two));
        assertTrue(matches("meta:capability[name[last()] = 'b']", two));
        assertTrue(matches("meta:capability[name[position() = 1] = 'a']", two));
        assertTrue(matches("meta:capability[name[. = 'b'][1] = 'b']", two));
    }

    @Test
    void barePredicatesApplyToAnyMetadataElement() {
        assertTrue(matches("[@ifmap-publisher-id = 'pub1']", ROLE));
        assertFalse(matches("[@ifmap-publisher-id = 'pub1']", CAPABILITY));
        assertTrue(matches("[@ifmap-publisher-id = 'pub1']", MIGRATION));
        assertTrue(matches("meta:capability or [name = 'finance']", ROLE));
        assertTrue(matches("meta:capability | [name = 'finance']", ROLE));
        assertTrue(matches("not([name = 'x'])", ROLE));
        assertFalse(matches("not([name = 'finance'])", ROLE));
        assertTrue(matches("([name = 'finance'])", ROLE));
        assertTrue(matches("meta:role and [name]", ROLE));
        assertTrue(matches("count([name]) = 1", ROLE));
        assertTrue(matches("[@ifmap-publisher-id = 'pub1'][name = 'finance']", ROLE));
    }

    @Test
    void unions() {
        String f = "(meta:role | meta:capability)[@ifmap-publisher-id='pub2']";
        assertFalse(matches(f, ROLE));
        assertTrue(matches(f, CAPABILITY));
        assertFalse(matches(f, meta("pub2", "<meta:event><name>a</name></meta:event>")));
        assertTrue(matches("meta:role | meta:capability", ROLE));
        assertTrue(matches("meta:role | meta:capability", CAPABILITY));
        assertFalse(matches("meta:role | meta:capability", IP));
        assertTrue(matches("(meta:role | meta:capability)/name = 'finance'", ROLE));
        Metadata item = meta("p", "<meta:x><a>1</a><b>2</b><a>3</a></meta:x>");
        // A union is in document order without repeats, whatever the order of its operands.
        assertTrue(matches("count(*/b | */a | */a) = 3", item));
        assertTrue(matches("(*/b | */a)[1] = '1'", item));
        assertTrue(matches("(*/b | */a)[last()] = '3'", item));
    }

    @Test
    void locationPaths() {
        Metadata item = meta("p", "<meta:role><name>finance</name><group><name>g</name></group></meta:role>");
        assertTrue(matches("meta:role/name", item));
        assertFalse(matches("meta:role/other", item));
        assertTrue(matches("/meta:role", item));
        assertTrue(matches("/", item));
        assertFalse(matches("/meta:capability", item));
        assertTrue(matches("//name", item));
        assertTrue(matches("count(//name) = 2", item));
        assertTrue(matches("count(meta:role//name) = 2", item));
        assertTrue(matches("count(//*) = 4", item));
        assertTrue(matches("//group/name = 'g'", item));
        assertTrue(matches("meta:role/name/text() = 'finance'", item));
        assertTrue(matches("count(meta:role/group/..) = 1", item));
        assertTrue(matches("local-name(meta:role/group/..) = 'role'", item));
        assertTrue(matches("meta:role/name/. = 'finance'", item));
        assertTrue(matches("meta:role[1]", item));
        assertFalse(matches("meta:role[2]", item));
        assertTrue(matches("*[. = 'financeg']", item));
        assertTrue(matches("string(/) = 'financeg'", item));
        assertTrue(matches("meta:role/@ifmap-publisher-id = 'p'", item));
        assertTrue(matches("meta:role/name/../@ifmap-publisher-id = 'p'", item));
        assertTrue(matches("//name[../@ifmap-publisher-id = 'p'] = 'finance'", item));
        assertTrue(matches("//name[../../@ifmap-publisher-id = 'p'] = 'g'", item));
        assertFalse(matches("/..", item));
    }

    @Test
    void explicitAxes() {
        Metadata item = meta("p", "<meta:x><a>1</a><b>2</b><c>3</c></meta:x>");
        assertTrue(matches("child::meta:x/child::b = '2'", item));
        assertTrue(matches("*/b/following-sibling::*[1] = '3'", item));
        assertTrue(matches("*/b/preceding-sibling::*[1] = '1'", item));
        assertTrue(matches("count(*/c/preceding-sibling::*) = 2", item));
        // Reverse axes number their nodes from the context node outwards.
        assertTrue(matches("local-name(*/b/ancestor-or-self::*[1]) = 'b'", item));
        assertTrue(matches("local-name(*/b/ancestor-or-self::*[2]) = 'x'", item));
        assertTrue(matches("count(*/b/ancestor::node()) = 2", item));
        assertTrue(matches("count(descendant::*) = 4", item));
        assertTrue(matches("count(descendant-or-self::node()) = 8", item));
        assertTrue(matches("self::node()/meta:x/attribute::ifmap-publisher-id = 'p'", item));
        assertTrue(matches("*/b/parent::meta:x", item));
    }

    @Test
    void textAndNodeTests() {
        Metadata item = meta("p", "<meta:x>one<a>1</a>two</meta:x>");
        assertTrue(matches("count(*/text()) = 2", item));
        assertTrue(matches("count(*/node()) = 3", item));
        assertTrue(matches("*/text()[2] = 'two'", item));
        assertFalse(matches("*/comment()", item));
        assertFalse(matches("*/processing-instruction('x')", item));
    }

    @Test
    void nameOnlyFiltersDoNotParseTheStoredXml() {
        // Not well-formed: any evaluation that parses it fails. The constructor does not check.
        String xml = "<meta:role xmlns:meta=\"" + Items.META + "\"><name>x</oops>";
        Metadata broken = Metadata.unstamped(Items.META, "role", Cardinality.MULTI_VALUE, xml, xml.indexOf('>'))
                .stamped("P", 1_000_000L, Lifetime.FOREVER, null);
        assertThrows(IllegalStateException.class, broken::element);
        assertThrows(IllegalStateException.class, () -> matches("meta:role[name = 'x']", broken));
        assertThrows(IllegalStateException.class, () -> matches("*[@*]", broken));

        assertTrue(matches("meta:role", broken));
        assertTrue(matches("meta:access-request-ip or meta:role", broken));
        assertFalse(matches("jnpr:migration-id", broken));
        assertTrue(matches("meta:role[@ifmap-publisher-id != 'other']", broken));
        assertFalse(matches("meta:role[@ifmap-publisher-id != 'P']", broken));
        assertTrue(matches("[@ifmap-publisher-id = 'P' and @ifmap-cardinality = 'multiValue']", broken));
        assertTrue(matches("*[@ifmap-timestamp]", broken));
        assertTrue(matches("local-name(*) = 'role' and namespace-uri(*) = '" + Items.META + "'", broken));
        assertTrue(matches("meta:role[@publisher-id = 'P']", broken, ProtocolVersion.IFMAP_1_1));
    }

    @Test
    void oneFilterServesManyThreads() throws Exception {
        Filter f = Filter.compile("meta:role[name = 'finance' and @ifmap-publisher-id != 'x'] | meta:capability",
                PREFIXES);
        List<Metadata> items = List.of(ROLE, CAPABILITY, IP, MIGRATION,
                meta("p", "<meta:role><name>hr</name></meta:role>"));
        List<Boolean> expected = items.stream().map(i -> f.matches(i, ProtocolVersion.IFMAP_2)).toList();
        assertEquals(List.of(true, true, false, false, false), expected);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 4).mapToObj(t -> pool.submit(() -> {
                for (int round = 0; round < 2_000; round++) {
                    for (int i = 0; i < items.size(); i++) {
                        if (f.matches(items.get(i), ProtocolVersion.IFMAP_2) != expected.get(i)) {
                            return false;
                        }
                    }
                }
                return true;
            })).toList();
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
