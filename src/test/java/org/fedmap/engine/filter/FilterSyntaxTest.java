package org.fedmap.engine.filter;

import static org.fedmap.engine.filter.Items.PREFIXES;
import static org.fedmap.engine.filter.Items.matches;
import static org.fedmap.engine.filter.Items.meta;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedmap.model.ErrorCode;
import org.fedmap.model.IfmapException;
import org.fedmap.model.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lexical disambiguation, and what a client is told when its filter cannot be compiled. */
class FilterSyntaxTest {

    private static IfmapException refused(String expression) {
        IfmapException e = assertThrows(IfmapException.class, () -> Filter.compile(expression, PREFIXES),
                expression);
        assertEquals(ErrorCode.Failure, e.code());
        assertTrue(e.getMessage().startsWith("invalid filter \"" + expression + "\": "), e.getMessage());
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "~~", quoteCharacter = '`', value = {
        "meta:role[name='x'            ~~ missing ']' to close the '[' at character 10; found the end of the filter",
        "meta:role[name='x' or         ~~ expected an expression after 'or' but found the end of the filter",
        "(meta:role                    ~~ missing ')' to close the '(' at character 1",
        "((meta:role)                  ~~ missing ')' to close the '(' at character 1",
        "meta:role]                    ~~ ']' without a matching '['",
        "meta:role)                    ~~ ')' without a matching '('",
        "meta:role or                  ~~ expected an expression after 'or' but found the end of the filter",
        "meta:role and                 ~~ expected an expression after 'and' but found the end of the filter",
        "meta:role = = 'x'             ~~ expected an expression after '=' but found '='",
        "meta:role =                   ~~ expected an expression after '=' but found the end of the filter",
        "meta:role |                   ~~ expected an expression after '|' but found the end of the filter",
        "meta:role/                    ~~ expected a step such as a name, '@name', '.' or '..' after '/'",
        "meta:role//                   ~~ expected a step such as a name, '@name', '.' or '..' after '//'",
        "@                             ~~ expected a node test (a name, '*', text() or node()) after '@'",
        "foo()                         ~~ unknown function foo()",
        "meta:role[fn:contains(., 'x')] ~~ unknown function fn:contains()",
        "id('x')                       ~~ the function id() is not supported",
        "contains('a')                 ~~ contains() takes 2 arguments, not 1",
        "true(1)                       ~~ true() takes no arguments, not 1",
        "substring('a', 1, 2, 3)       ~~ substring() takes 2 to 3 arguments, not 4",
        "concat('a')                   ~~ concat() takes at least 2 arguments, not 1",
        "count('x')                    ~~ the argument of count() must be a node-set",
        "local-name(1)                 ~~ the argument of local-name() must be a node-set",
        "'a' | meta:role               ~~ the operands of '|' must be node-sets",
        "meta:role | 'a'               ~~ the operands of '|' must be node-sets",
        "'a'[1]                        ~~ a predicate can only follow a node-set",
        "concat('a', 'b')/x            ~~ a path can only continue from a node-set",
        "$name = 'x'                   ~~ variables such as $name are not supported",
        "meta:role[name = 'x]          ~~ the string starting with ' is not closed",
        "meta:role meta:capability     ~~ expected an operator such as 'or', 'and' or '=' before 'meta:capability'",
        "meta:role[name = 'x' name]    ~~ expected an operator such as 'or', 'and' or '=' before 'name'",
        "!meta:role                    ~~ '!' is not an operator",
        "meta: role                    ~~ a prefixed name needs a local name or '*' right after the ':'",
        "meta:role[]                   ~~ empty predicate '[]'",
        "()                            ~~ empty parentheses '()'",
        "following::x                  ~~ the following axis is not supported",
        "sideways::x                   ~~ unknown axis 'sideways'",
        "text(1)                       ~~ text() takes no arguments",
        "meta:role # 1                 ~~ unexpected character '#'",
        "meta:role 'x'                 ~~ unexpected 'x' after a complete expression",
        "meta:role[1                   ~~ missing ']' to close the '[' at character 10",
    })
    void malformedFiltersSayWhatIsWrong(String expression, String problem) {
        IfmapException e = refused(expression);
        if (problem != null) {
            assertTrue(e.getMessage().contains(problem), e.getMessage());
        }
        assertTrue(e.getMessage().contains("(at character "), e.getMessage());
    }

    @Test
    void positionsCountFromOne() {
        assertTrue(refused("meta:role or foo()").getMessage().endsWith("(at character 14)"));
        assertTrue(refused("bad:x").getMessage().endsWith("(at character 1)"));
    }

    @Test
    void deeplyNestedFiltersAreRefusedNotOverflowed() {
        String deep = "(".repeat(5_000) + "meta:role" + ")".repeat(5_000);
        assertTrue(refused(deep).getMessage().contains("nested too deeply"));
        String longChain = "1" + " + 1".repeat(5_000) + " > 0";
        assertTrue(refused(longChain).getMessage().contains("nested too deeply"));
        String minuses = "-".repeat(5_000) + "1";
        assertTrue(refused(minuses).getMessage().contains("nested too deeply"));
        // Long lists of alternatives are flat, not deep, and stay allowed.
        String many = "meta:a" + " or meta:b".repeat(5_000) + " or meta:role";
        assertTrue(matches(many, meta("p", "<meta:role/>")));
        assertDoesNotThrow(() -> Filter.compile("(".repeat(40) + "meta:role" + ")".repeat(40), PREFIXES));
    }

    @Test
    void operatorNamesAreNamesWhereAnOperandIsExpected() {
        Metadata item = meta("p", "<meta:x><and>1</and><or>2</or><div>8</div><mod>3</mod><text>t</text></meta:x>");
        assertTrue(matches("*[and = 1 and or = 2]", item));
        assertTrue(matches("*[div div 2 = 4]", item));
        assertTrue(matches("*[div div div = 1]", item));
        assertTrue(matches("*[div mod mod = 2]", item));
        assertTrue(matches("*[or or and]", item));
        assertTrue(matches("*/text = 't'", item));
        assertFalse(matches("*/text() = 't'", item));
        assertTrue(matches("count(*/node/..) = 0", item));
    }

    @Test
    void starIsMultiplicationOnlyAfterAnOperand() {
        Metadata item = meta("p", "<meta:x><n>3</n></meta:x>");
        assertTrue(matches("*[n * 2 = 6]", item));
        assertTrue(matches("*[n*2 = 6]", item));
        assertTrue(matches("*[* * 2 = 6]", item));
        assertTrue(matches("*/* * */* = 9", item));
        assertTrue(matches("2*3 = 6", item));
    }

    @Test
    void namesMayContainHyphensAndDots() {
        Metadata item = meta("p", "<meta:x><n>3</n><n-1>a</n-1><a.b>c</a.b><_u>u</_u></meta:x>");
        assertTrue(matches("*[n-1 = 'a']", item));
        assertTrue(matches("*[n - 1 = 2]", item));
        assertTrue(matches("*[n -1 = 2]", item));
        assertTrue(matches("*[a.b = 'c']", item));
        assertTrue(matches("*[_u = 'u']", item));
        assertTrue(matches("meta:x/n-1", item));
        assertTrue(matches("*[.5 * 2 = 1]", item));
        assertTrue(matches("*[n = 3.]", item));
    }

    @Test
    void whiteSpaceIsInsignificantBetweenTokens() {
        Metadata item = meta("p", "<meta:role><name>x</name></meta:role>");
        assertTrue(matches("\n meta:role [ name = 'x' ]\t", item));
        assertTrue(matches("meta:role/ name", item));
        assertTrue(matches("contains ( meta:role / name , 'x' )", item));
        assertTrue(matches("child :: meta:role", item));
        assertTrue(matches("meta:role[ @ ifmap-publisher-id = 'p' ]", item));
    }

    @Test
    void bothQuoteCharactersDelimitStrings() {
        Metadata item = meta("p", "<meta:role><name>it's \"x\"</name></meta:role>");
        assertTrue(matches("meta:role[name = concat(\"it's \", '\"x\"')]", item));
        assertTrue(matches("meta:role[contains(name, \"'\")]", item));
    }
}
