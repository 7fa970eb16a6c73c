package org.fedmap.engine.filter;

import static org.fedmap.engine.filter.Items.matches;
import static org.fedmap.engine.filter.Items.meta;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedmap.model.Metadata;
import org.fedmap.model.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Core functions and XPath 1.0 comparison rules, each written as a filter that must hold. */
class FilterFunctionsTest {
    private static final Metadata ITEM = meta("pub-7",
            "<meta:device-characteristic kind=\"x\"><manufacturer>  Acme   Corp </manufacturer>"
                    + "<model>X-100</model><port>80</port><port>443</port><port>n/a</port>"
                    + "<name xml:lang=\"en-GB\">Grüße 𝄞 box</name></meta:device-characteristic>");

    private static void holds(String expression) {
        assertTrue(matches(expression, ITEM), expression);
    }

    private static void fails(String expression) {
        assertFalse(matches(expression, ITEM), expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "true()", "not(false())", "boolean(*)", "not(boolean(*/nothing))", "boolean('x')", "not(boolean(''))",
        "boolean(1)", "not(boolean(0))", "not(boolean(0 div 0))",
        "string(*/model) = 'X-100'", "string(*/port) = '80'", "string() = string(/)", "string(12) = '12'",
        "string(1.5) = '1.5'", "string(-0.25) = '-0.25'", "string(1 div 0) = 'Infinity'",
        "string(-1 div 0) = '-Infinity'", "string(0 div 0) = 'NaN'", "string(-0) = '0'", "string(true()) = 'true'",
        "string(1000000000000000000000) = '1000000000000000000000'", "string(0.1 + 0.2) = '0.30000000000000004'",
        "number(*/port) = 80", "number(' 12.5 ') = 12.5", "number('-.5') = -0.5", "number('1.') = 1",
        "string(number('1e3')) = 'NaN'", "string(number('+1')) = 'NaN'", "string(number('')) = 'NaN'",
        "number(true()) = 1", "number(false()) = 0",
        "concat('a', *[@kind]/model, 'b') = 'aX-100b'", "concat('a', 1, true()) = 'a1true'",
        "contains(*/model, '-1')", "not(contains(*/model, 'x'))", "contains('abc', '')",
        "starts-with(*/model, 'X-')", "not(starts-with(*/model, '100'))",
        "substring-before(*/model, '-') = 'X'", "substring-after(*/model, '-') = '100'",
        "substring-before('abc', 'z') = ''", "substring-after('abc', 'z') = ''",
        "substring('12345', 2, 3) = '234'", "substring('12345', 2) = '2345'",
        "substring('12345', 1.5, 2.6) = '234'", "substring('12345', 0, 3) = '12'",
        "substring('12345', 0 div 0, 3) = ''", "substring('12345', 1, 0 div 0) = ''",
        "substring('12345', -42, 1 div 0) = '12345'", "substring('12345', -1 div 0, 1 div 0) = ''",
        "string-length(*/model) = 5", "string-length('') = 0", "string-length(*/name) = 11",
        "substring(*/name, 7, 1) = '𝄞'", "translate(*/name, 'ü𝄞', 'u') = 'Gruße  box'",
        "normalize-space(*/manufacturer) = 'Acme Corp'", "normalize-space('  ') = ''",
        "*/manufacturer[normalize-space() = 'Acme Corp']", "*/model[string-length() = 5]",
        "*/model[string() = 'X-100']", "*/port[number() = 443]",
        "translate('bar', 'abc', 'ABC') = 'BAr'", "translate('--aaa--', 'abc-', 'ABC') = 'AAA'",
        "count(*/port) = 3", "count(*/nothing) = 0", "count(//port[. > 100]) = 1",
        "local-name(*) = 'device-characteristic'", "local-name(*/nothing) = ''", "*/port[local-name() = 'port']",
        "namespace-uri(*) = 'http://www.trustedcomputinggroup.org/2010/IFMAP-METADATA/2'",
        "namespace-uri(*/model) = ''", "name(*) = 'meta:device-characteristic'", "name(*/@kind) = 'kind'",
        "name(*/name/@xml:lang) = 'xml:lang'", "local-name(*/@ifmap-publisher-id) = 'ifmap-publisher-id'",
        "*/port[position() = 2] = 443", "*/port[last()] = 'n/a'", "count(*/port[position() < last()]) = 2",
        "position() = 1 and last() = 1",
        "string(sum(*/port[. != 'n/a'])) = '523'", "string(sum(*/port)) = 'NaN'", "sum(*/nothing) = 0",
        "floor(2.7) = 2", "floor(-2.5) = -3", "ceiling(2.1) = 3", "ceiling(-2.5) = -2",
        "round(2.5) = 3", "round(-2.5) = -2", "round(2.4) = 2", "string(round(0 div 0)) = 'NaN'",
        "1 div round(-0.4) < 0",
        "*/name[lang('en')]", "*/name[lang('EN-gb')]", "not(*/name[lang('fr')])", "not(*/model[lang('en')])",
        "1 + 2 * 3 = 7", "(1 + 2) * 3 = 9", "7 mod 3 = 1", "-7 mod 3 = -1", "7 div 2 = 3.5", "- - 2 = 2",
        "10 - 2 - 3 = 5", "*/port[1] + 1 = 81", "-*/port[1] = -80",
    })
    void holdsForTheItem(String expression) {
        holds(expression);
    }

    @Test
    void nodeSetComparedWithAStringIsExistential() {
        holds("*/port = '443'");
        holds("*/port != '443'");
        holds("'443' = */port");
        fails("*/port = '8080'");
        holds("*/port = 'n/a'");
    }

    @Test
    void nodeSetComparedWithANumberUsesEachNodesNumber() {
        holds("*/port = 80.0");
        fails("*/port = 8080");
        holds("*/port > 400");
        fails("*/port > 500");
        holds("*/port < 100");
        holds("100 > */port");
        holds("500 > */port");
        fails("80 > */port");
        holds("80 >= */port");
        // "n/a" is NaN and unequal to everything, so != holds through it.
        holds("*/port != 80");
        fails("*/model = 100");
    }

    @Test
    void nodeSetComparedWithABooleanIsConvertedWhole() {
        holds("*/port = true()");
        holds("*/nothing = false()");
        fails("*/nothing = true()");
        holds("*/nothing != true()");
        holds("*/port > false()");
    }

    @Test
    void twoNodeSetsCompareAnyPair() {
        holds("*/port = //port");
        holds("*/port != //port");
        holds("*/port[1] < */port[2]");
        fails("*/port[2] < */port[1]");
        fails("*/port = */model");
        fails("*/nothing = */nothing");
        fails("*/nothing != */port");
    }

    @Test
    void emptyNodeSetsSatisfyNoComparison() {
        fails("*/nothing = ''");
        fails("*/nothing != ''");
        fails("*/nothing < 1");
        fails("*/nothing >= 1");
        fails("*/@nothing != 'x'");
    }

    @Test
    void scalarComparisons() {
        holds("'abc' = 'abc'");
        fails("'abc' = 'abd'");
        holds("1 = '1.0'");
        holds("'2' > '10' = false()");
        holds("true() = 'x'");
        fails("true() = ''");
        holds("1 = true()");
        holds("0 != true()");
        holds("'10' > '9'");
        fails("'a' < 'b'");
        fails("0 div 0 = 0 div 0");
        holds("0 div 0 != 0 div 0");
        holds("1 < 2 < 3");
        holds("3 > 2 > 1 = false()");
    }

    @Test
    void operationalValuesWorkInFunctions() {
        holds("starts-with(*/@ifmap-publisher-id, 'pub-')");
        holds("substring-after(*/@ifmap-publisher-id, '-') = 7");
        assertTrue(matches("*[starts-with(@publisher-id, 'pub')]", ITEM, ProtocolVersion.IFMAP_1_1));
        assertFalse(matches("*[starts-with(@publisher-id, 'pub')]", ITEM, ProtocolVersion.IFMAP_2));
        holds("*[contains(@ifmap-timestamp, 'T')"
                + " and substring(@ifmap-timestamp, string-length(@ifmap-timestamp)) = 'Z']");
    }

    @Test
    void topLevelValuesAreConvertedToBoolean() {
        holds("'x'");
        fails("''");
        holds("1");
        fails("0");
        holds("*/model");
        fails("*/nothing");
    }
}
