package org.fedmap.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.Charset;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Random;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class SubjectPatternTest {

    private static X500Principal subject(String rfc2253) {
        return new X500Principal(rfc2253);
    }

    private static boolean matches(String pattern, String subject) {
        return SubjectPattern.parse(pattern).matches(subject(subject));
    }

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> SubjectPattern.parse(text)).getMessage();
    }

    @Test
    void normalizesTheOperatorsText() {
        assertEquals("CN=ic1.example.com,O=Example Corp", SubjectPattern.parse("CN=ic1.example.com, O=Example Corp").toString());
        assertEquals("CN=ic*.example.com", SubjectPattern.parse("  cn = ic*.example.com ").toString());
        assertEquals("E=gw@example.com", SubjectPattern.parse("EMAILADDRESS=gw@example.com").toString());
        assertEquals("E=gw@example.com", SubjectPattern.parse("e=gw@example.com").toString());
        assertEquals("CN=x", SubjectPattern.parse("2.5.4.3=x").toString());
        assertEquals("CN=x", SubjectPattern.parse("OID.2.5.4.3=x").toString());
        assertEquals("CN=quoted", SubjectPattern.parse("CN=\"quoted\"").toString());
        assertEquals("O=Example\\, Inc", SubjectPattern.parse("O=Example\\, Inc").toString());
        assertEquals("O=Example\\, Inc", SubjectPattern.parse("O=Example\\2c Inc").toString());
        assertEquals("CN=a+OU=b", SubjectPattern.parse("CN=a + OU=b").toString());
        assertEquals("DC=example,DC=com,UID=gw1,SERIALNUMBER=42,ST=Bavaria,L=Munich,C=DE",
                SubjectPattern.parse("dc=example,dc=com,uid=gw1,serialNumber=42,st=Bavaria,l=Munich,c=DE").toString());
    }

    @Test
    void normalizedTextReadsBackToAnEqualPattern() {
        for (String text : List.of("CN=ic1.example.com, O=Example Corp", "O=Example\\, Inc", "CN=a\\+b", "CN=\\#1",
                "CN=x+OU=y, O=z", "E=a@b, DC=com", "CN=Müller", "1.2.3.4=x", "CN=\\ a\\ ", "CN=a\\;b\\<c\\>d\\\"e\\\\f",
                "OU=\"x, y\"")) {
            SubjectPattern p = SubjectPattern.parse(text);
            SubjectPattern again = SubjectPattern.parse(p.toString());
            assertEquals(p, again, text);
            assertEquals(p.hashCode(), again.hashCode());
            assertEquals(p.toString(), again.toString());
        }
        assertEquals(SubjectPattern.parse("cn=a, o=b"), SubjectPattern.parse("CN=a,O=b"));
        assertNotEquals(SubjectPattern.parse("CN=a,O=b"), SubjectPattern.parse("O=b,CN=a"));
        assertNotEquals(SubjectPattern.parse("CN=a"), SubjectPattern.parse("CN=b"));
    }

    @Test
    void readsWhatJavaPrintsForAnyValue() throws Exception {
        String alphabet = " ,+;<>\"\\#=*aZ.é\u2003\u00a0ß";
        Random random = new Random(4514);
        for (int n = 0; n < 2000; n++) {
            StringBuilder value = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (SubjectPattern.fold(value.toString()).isEmpty()) {
                continue;
            }
            X500Principal subject = new X500Principal(new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.OU, new DERUTF8String(value.toString()))
                    .addRDN(BCStyle.CN, "gw").build().getEncoded());
            // Java's RFC 1779 forms leave a '"' in a value unescaped at times, which no reader can undo
            List<String> printed = value.indexOf("\"") >= 0 ? List.of(subject.getName(X500Principal.RFC2253))
                    : List.of(subject.getName(X500Principal.RFC2253), subject.getName(X500Principal.RFC1779),
                    subject.toString());
            for (String text : printed) {
                SubjectPattern p = SubjectPattern.parse(text);
                assertTrue(p.matches(subject), text);
                assertEquals(p, SubjectPattern.parse(p.toString()), text);
                assertTrue(SubjectPattern.parse(p.toString()).matches(subject), p.toString());
            }
        }
        assertEquals("CN=\\e2\\80\\83a", SubjectPattern.parse("CN=\\e2\\80\\83a").toString(), "a blank other than ' '");
    }

    @Test
    void refusesEmptyPatterns() {
        assertEquals("a certificate subject pattern cannot be empty", refusal(null));
        assertEquals("a certificate subject pattern cannot be empty", refusal(""));
        assertEquals("a certificate subject pattern cannot be empty", refusal(" \t "));
        assertEquals("bad certificate subject pattern 'CN=': the value of CN is empty (use * for any value)", refusal("CN="));
        assertTrue(refusal("CN=   ").contains("the value of CN is empty"));
        assertTrue(refusal("CN=a, O=").contains("the value of O is empty"));
    }

    @Test
    void refusesUnknownAttributeNames() {
        String message = refusal("FOO=bar");
        assertTrue(message.startsWith("bad certificate subject pattern 'FOO=bar': unknown attribute name 'FOO'"), message);
        assertTrue(refusal("CN=x, Department=y").contains("unknown attribute name 'Department'"));
        assertTrue(refusal("=x").contains("an attribute name is missing"));
    }

    @Test
    void refusesMalformedText() {
        for (String text : List.of("CN", "CN=a,", "CN=a,,O=b", ",CN=a", "CN=a;O=b", "CN=\\", "CN=a+", "CN=#zz",
                "CN=#0c0", "CN=\"open", "CN=\"x\" y", "CN=a<b", "CN=a\\zz", "Common Name=x", "1.a=x", "CN=#0c01zz")) {
            String message = refusal(text);
            assertTrue(message.startsWith("bad certificate subject pattern '" + text + "': "), message);
        }
        assertTrue(refusal("CN=a,,O=b").endsWith("expected NAME=value"));
        assertTrue(refusal("CN").endsWith("expected '=' after 'CN' (the form is NAME=value, NAME=value)"));
        assertTrue(refusal("CN=a,").endsWith("nothing follows the last ','"));
        assertTrue(refusal("CN=a;O=b").endsWith("';' in a value must be escaped as '\\;'"));
        assertTrue(refusal("CN=a\\").endsWith("a '\\' at the end escapes nothing"));
        assertTrue(refusal("CN=a\\zz").contains("'\\z' is not an escape"));
        assertTrue(refusal("CN=\"open").endsWith("no closing '\"'"));
        assertTrue(refusal("Common Name=x").endsWith("'Common Name' is not an attribute name"));
        assertTrue(refusal("1.a=x").endsWith("'1.a' is not an object identifier"));
        assertTrue(refusal("CN=a\nO=b").contains("control characters are not allowed"));
        assertTrue(refusal("CN=a\u0000").contains("'CN=a?'"), "the message itself carries no control characters");
        assertTrue(refusal("CN=a\\0ab").endsWith("the value of CN holds control characters"));
        // a value in #hex form that is not text
        assertEquals("bad certificate subject pattern 'CN=#020101': the value of CN is not text", refusal("CN=#020101"));
    }

    @Test
    void refusesEscapingTheStar() {
        assertEquals("bad certificate subject pattern 'CN=ic\\*': '\\*' is not an escape: '*' always stands for any"
                + " run of characters", refusal("CN=ic\\*"));
    }

    @Test
    void readsEscapesAsRfc4514Says() {
        // hex escapes are UTF-8 bytes, as OpenSSL's -nameopt RFC2253 prints them
        SubjectPattern umlaut = SubjectPattern.parse("O=M\\C3\\BCller GmbH");
        assertEquals("O=Müller GmbH", umlaut.toString());
        assertTrue(umlaut.matches(subject("O=Müller GmbH")));
        assertTrue(refusal("O=M\\C3ller").endsWith("hex escapes in a value must spell UTF-8 characters"));
        // an escaped backslash is a backslash, also at the start of a value
        assertTrue(matches("CN=\\\\d", "CN=\\\\d"));
        assertEquals("CN=\\\\d", SubjectPattern.parse("CN=\\5cd").toString());
        // '=' and '#' inside a value need no escape; escaped ones are taken as they are
        assertEquals("CN=a=b#c", SubjectPattern.parse("CN=a\\=b\\#c").toString());
        assertTrue(matches("CN=a=b", "CN=a\\=b"));
        // blanks: unescaped ones at either end do not count, escaped ones and quoted ones do
        assertEquals("CN=a b", SubjectPattern.parse("CN=  a b  ").toString());
        assertEquals("CN=\\ a\\ ", SubjectPattern.parse("CN=\\ a\\ ").toString());
        assertEquals("CN=\\ a\\ ", SubjectPattern.parse("CN=\" a \"").toString());
        assertEquals("O=Example\\, Inc,C=US", SubjectPattern.parse("O=\"Example, Inc\", C=US").toString());
        assertEquals("CN=say \\\"hi\\\"", SubjectPattern.parse("CN=\"say \\\"hi\\\"\"").toString());
        // a value given as #hex of a string is read as that string
        assertEquals("CN=abc", SubjectPattern.parse("CN=#0c03616263").toString());
        assertEquals("CN=abc", SubjectPattern.parse("CN=#0C03616263").toString());
    }

    @Test
    void matchesWhenEveryAttributeOfThePatternIsPresent() {
        String subject = "CN=ic1.example.com, OU=Gateways, O=Example Corp, L=Munich, C=DE";
        assertTrue(matches("CN=ic1.example.com", subject));
        assertTrue(matches("CN=ic1.example.com, O=Example Corp", subject));
        assertTrue(matches("C=DE", subject));
        assertTrue(matches("C=DE, L=Munich, O=Example Corp, OU=Gateways, CN=ic1.example.com", subject));
        assertFalse(matches("CN=ic2.example.com", subject));
        assertFalse(matches("CN=ic1.example.com, O=Other Corp", subject), "every attribute must match");
        assertFalse(matches("CN=ic1.example.com, ST=Bavaria", subject), "an attribute the subject lacks");
        assertFalse(matches("O=ic1.example.com", subject), "the value under another attribute does not count");
        assertFalse(matches("CN=ic1.example", subject), "values match whole, not as prefixes");
        assertFalse(matches("CN=c1.example.com", subject), "values match whole, not as suffixes");
    }

    @Test
    void orderDoesNotMatter() {
        assertTrue(matches("O=Example Corp, CN=ic1", "CN=ic1, O=Example Corp"));
        assertTrue(matches("CN=ic1, O=Example Corp", "O=Example Corp, CN=ic1"));
        assertTrue(matches("CN=ic1+O=Example Corp", "O=Example Corp, CN=ic1"), "RDN grouping does not matter either");
        assertTrue(matches("CN=ic1, O=Example Corp", "CN=ic1+O=Example Corp"));
    }

    @Test
    void ignoresCaseAndRunsOfWhitespace() {
        assertTrue(matches("CN=IC1.Example.COM", "CN=ic1.example.com"));
        assertTrue(matches("o=example corp", "O=EXAMPLE CORP"));
        assertTrue(matches("O=Example   Corp", "O=Example Corp"));
        assertTrue(matches("O=Example Corp", "O=Example \t  Corp"));
        assertTrue(matches("O=Example Corp", "O=\\ Example Corp\\ "), "blanks at either end do not count");
        assertTrue(matches("O=Straße", "O=STRASSE"), "full case folding");
        assertFalse(matches("O=Example Corp", "O=ExampleCorp"), "a run of blanks is still one blank");
        assertFalse(matches("O=ExampleCorp", "O=Example Corp"));
    }

    @Test
    void starMatchesAnyRunOfCharacters() {
        String pattern = "CN=ic*.example.com";
        assertTrue(matches(pattern, "CN=ic1.example.com"));
        assertTrue(matches(pattern, "CN=IC42.example.com"));
        assertTrue(matches(pattern, "CN=ic.example.com"), "the run may be empty");
        assertTrue(matches(pattern, "CN=ic1.lab.example.com"), "the run may hold dots");
        assertFalse(matches(pattern, "CN=xic1.example.com"));
        assertFalse(matches(pattern, "CN=ic1.example.com.evil.org"));
        assertFalse(matches(pattern, "CN=ic1.example.co"));

        assertTrue(matches("CN=*", "CN=anything, O=x"));
        assertFalse(matches("CN=*", "O=x"), "* matches any value, not a missing attribute");
        assertTrue(matches("CN=*.example.*", "CN=gw.example.org"));
        assertTrue(matches("CN=a*b", "CN=aXbYb"), "a later occurrence may end the run");
        assertFalse(matches("CN=a*b", "CN=abX"));
        assertTrue(matches("CN=**", "CN=x"));
        assertTrue(matches("OU=*gate*", "OU=Our Gateways"));
        assertTrue(matches("CN=*", "CN=*"));
    }

    @Test
    void nothingButStarIsSpecial() {
        assertFalse(matches("CN=ic?", "CN=ic1"));
        assertTrue(matches("CN=ic?", "CN=ic?"));
        assertFalse(matches("CN=ic1.example.com", "CN=ic1xexample.com"), "a dot is a dot, not a regex");
        assertFalse(matches("CN=ic[12]", "CN=ic1"));
        assertTrue(matches("CN=ic[12]", "CN=ic[12]"));
        assertFalse(matches("CN=a.*", "CN=abc"));
        assertTrue(matches("CN=a\\+b", "CN=a\\+b"));
        assertTrue(matches("CN=\\\\d", "CN=\\\\d"));
        assertFalse(matches("CN=\\\\d", "CN=1"));
    }

    @Test
    void anyOfARepeatedAttributeMayMatch() {
        String subject = "CN=ic1, OU=Gateways, OU=Lab, O=Example Corp";
        assertTrue(matches("OU=Gateways", subject));
        assertTrue(matches("OU=Lab", subject));
        assertTrue(matches("OU=Gateways, OU=Lab", subject));
        assertTrue(matches("OU=Lab, OU=Gateways", subject));
        assertFalse(matches("OU=Gateways, OU=Production", subject));
        assertFalse(matches("OU=Production", subject));
        assertTrue(matches("OU=Gate*, OU=*ways", subject), "one attribute of the subject may meet two of the pattern");
        assertTrue(matches("OU=b", "CN=a+OU=b"), "multi-valued RDNs count like separate ones");
        assertTrue(matches("DC=example, DC=com", "CN=gw1, DC=example, DC=com"));
        assertFalse(matches("DC=example, DC=org", "CN=gw1, DC=example, DC=com"));
    }

    @Test
    void attributeNamesMeanTheirTypes() {
        assertTrue(matches("E=gw@example.com", "EMAILADDRESS=gw@example.com, CN=gw"));
        assertTrue(matches("EMAILADDRESS=GW@example.com", "EMAILADDRESS=gw@example.com, CN=gw"));
        assertTrue(matches("UID=gw1", "UID=gw1, CN=gw"));
        assertTrue(matches("SERIALNUMBER=4711", "SERIALNUMBER=4711, CN=gw"));
        assertFalse(matches("SERIALNUMBER=4711", "CN=4711"));
        assertTrue(matches("ST=Bavaria", "ST=bavaria, CN=gw"));
        assertTrue(matches("2.5.4.11=Lab", "OU=Lab"));
        assertTrue(matches("1.2.3.4=x", "1.2.3.4=#0c0178"), "an attribute BouncyCastle has no name for");
    }

    @Test
    void subjectValuesThatAreNotTextMeetNoRequirement() {
        X500Principal subject = subject("CN=gw, 1.2.3.4=#020101");
        assertTrue(SubjectPattern.parse("CN=gw").matches(subject));
        assertFalse(SubjectPattern.parse("1.2.3.4=*").matches(subject));
        // nor can a pattern ask for one
        assertTrue(refusal("1.2.3.4=#020101").endsWith("the value of 1.2.3.4 is not text"));
    }

    @Test
    void readsUniversalStringValues() throws Exception {
        ASN1Encodable ucs4 = new DERUniversalString("Gateways".getBytes(Charset.forName("UTF-32BE")));
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, ucs4)
                .addRDN(BCStyle.CN, new DERUTF8String("gw"))
                .build();
        X500Principal subject = new X500Principal(name.getEncoded());
        assertTrue(SubjectPattern.parse("OU=gateways").matches(subject));
        assertTrue(SubjectPattern.parse("OU=Gate*").matches(subject));
    }

    @Test
    void nullMatchesNothing() {
        SubjectPattern p = SubjectPattern.parse("CN=*");
        assertFalse(p.matches((X500Principal) null));
        assertFalse(p.matches((X509Certificate) null));
    }

    @Test
    void anyMatchesAdmitsEverySubjectOnlyForAnEmptyList() {
        X500Principal ic1 = subject("CN=ic1.example.com, O=Example Corp");
        X500Principal other = subject("CN=other.example.org");
        assertTrue(SubjectPattern.anyMatches(List.of(), ic1));
        assertTrue(SubjectPattern.anyMatches(List.of(), null), "no restriction at all");
        List<SubjectPattern> patterns = List.of(SubjectPattern.parse("CN=ic*.example.com, O=Example Corp"),
                SubjectPattern.parse("CN=ic9.example.net"));
        assertTrue(SubjectPattern.anyMatches(patterns, ic1));
        assertTrue(SubjectPattern.anyMatches(patterns, subject("CN=ic9.example.net")));
        assertFalse(SubjectPattern.anyMatches(patterns, other));
        assertFalse(SubjectPattern.anyMatches(patterns, null));
        assertThrows(NullPointerException.class, () -> SubjectPattern.anyMatches(null, ic1));
    }

    @Test
    void matchesTheSubjectOfARealCertificate() throws Exception {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "DE")
                .addRDN(BCStyle.O, "Example Corp")
                .addRDN(BCStyle.OU, "Gateways")
                .addRDN(BCStyle.OU, "Lab")
                .addRDN(BCStyle.CN, "ic7.example.com")
                .addRDN(BCStyle.EmailAddress, "ops@example.com")
                .build();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now), Date.from(now.plus(Duration.ofDays(1))),
                        name, keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

        assertTrue(SubjectPattern.parse("CN=ic*.example.com, O=Example Corp").matches(certificate));
        assertTrue(SubjectPattern.parse("OU=lab, c=de, EMAILADDRESS=OPS@example.com").matches(certificate));
        assertFalse(SubjectPattern.parse("CN=ic*.example.com, OU=Production").matches(certificate));
        assertFalse(SubjectPattern.parse("CN=ic7.example.org").matches(certificate));
        assertTrue(SubjectPattern.anyMatches(List.of(SubjectPattern.parse("CN=nope"), SubjectPattern.parse("CN=ic7*")),
                certificate.getSubjectX500Principal()));
    }

    @Test
    void wildcardMatchingStaysFastOnHostileInput() {
        String text = "a".repeat(5000);
        String pattern = "*a*a*a*a*a*a*a*a*a*a*b";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(SubjectPattern.wildcardMatch(pattern, text)));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(matches("CN=" + pattern, "CN=" + text)));
    }

    @Test
    void wildcardMatchingByItself() {
        assertTrue(SubjectPattern.wildcardMatch("", ""));
        assertFalse(SubjectPattern.wildcardMatch("", "a"));
        assertTrue(SubjectPattern.wildcardMatch("*", ""));
        assertFalse(SubjectPattern.wildcardMatch("a", ""));
        assertTrue(SubjectPattern.wildcardMatch("a*", "a"));
        assertTrue(SubjectPattern.wildcardMatch("*a", "bba"));
        assertFalse(SubjectPattern.wildcardMatch("*a", "bab"));
        assertTrue(SubjectPattern.wildcardMatch("a*b*c", "aXbYbZc"));
        assertFalse(SubjectPattern.wildcardMatch("a*b*c", "aXcYb"));
        assertTrue(SubjectPattern.wildcardMatch("*ab", "aab"));
        assertEquals("example corp", SubjectPattern.fold("  Example \u00a0\t CORP \n"));
    }
}
