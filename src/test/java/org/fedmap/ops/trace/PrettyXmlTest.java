package org.fedmap.ops.trace;

import static org.fedmap.testsupport.XmlAssert.assertSimilar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.fedmap.model.Namespaces;
import org.junit.jupiter.api.Test;

class PrettyXmlTest {
    private static final String BASIC = Base64.getEncoder()
            .encodeToString("alice:hunter2-secret".getBytes(StandardCharsets.UTF_8));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A gateway-style request: prefixes declared on the Envelope only, used deep inside. */
    private static final String REQUEST = "<?xml version=\"1.0\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\""
            + Namespaces.SOAP_1_1 + "\" xmlns:ifmap=\"" + Namespaces.IFMAP_1 + "\" xmlns:meta=\"" + Namespaces.META_1
            + "\"><SOAP-ENV:Header><ifmap:session-id>4f3a</ifmap:session-id></SOAP-ENV:Header><SOAP-ENV:Body>"
            + "<ifmap:publish><update><identifier><access-request name=\"ar1\"/></identifier><metadata>"
            + "<meta:role><name> Employees &amp; Guests </name></meta:role></metadata></update></ifmap:publish>"
            + "</SOAP-ENV:Body></SOAP-ENV:Envelope>";

    @Test
    void theIndentedDocumentMeansTheSameAsTheOriginal() {
        PrettyXml.Text t = PrettyXml.format(bytes(REQUEST));
        assertNull(t.problem());
        assertSimilar(REQUEST, bytes(t.text()));
        assertTrue(t.text().contains("\n      <update>\n"), t.text());
        assertTrue(t.text().contains("<name> Employees &amp; Guests </name>"), "text keeps its own spaces: " + t.text());
    }

    @Test
    void credentialsAreMaskedWhereverTheyAppear() {
        String withSecrets = "<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\" xmlns:v=\"urn:vendor\"><env:Body>"
                + "<v:login user=\"alice\" password=\"hunter2-secret\"><v:clientSecret>hunter2-secret</v:clientSecret>"
                + "<v:credentials><v:pin>hunter2-secret</v:pin></v:credentials>"
                + "<v:note>Authorization: Basic " + BASIC + "</v:note>"
                + "<v:note>Bearer abcdefghijklmnopqrstuvwxyz0123</v:note>"
                + "<v:role>Basic Employees</v:role>"
                + "<v:doc>&lt;x password=\"hunter2-secret\"/&gt;</v:doc>"
                + "</v:login></env:Body></env:Envelope>";
        PrettyXml.Text t = PrettyXml.format(bytes(withSecrets));
        assertNull(t.problem());
        assertFalse(t.text().contains("hunter2"), t.text());
        assertFalse(t.text().contains(BASIC), t.text());
        assertFalse(t.text().contains("abcdefghijklmnopqrstuvwxyz0123"), t.text());
        assertSimilar("<env:Envelope xmlns:env=\"" + Namespaces.SOAP_1_2 + "\" xmlns:v=\"urn:vendor\"><env:Body>"
                + "<v:login user=\"alice\" password=\"*****\"><v:clientSecret>*****</v:clientSecret>"
                + "<v:credentials><v:pin>*****</v:pin></v:credentials>"
                + "<v:note>Authorization: Basic *****</v:note>"
                + "<v:note>Bearer *****</v:note>"
                + "<v:role>Basic Employees</v:role>"
                + "<v:doc>&lt;x password=\"*****\"/&gt;</v:doc>"
                + "</v:login></env:Body></env:Envelope>", bytes(t.text()));
    }

    @Test
    void aBodyThatIsNotXmlIsGivenAsReceivedWithTheReasonAndStillMasked() {
        String broken = "<a><b password='hunter2-secret'>Basic " + BASIC + "</a>\u0001";
        PrettyXml.Text t = PrettyXml.format(bytes(broken));
        assertNotNull(t.problem());
        assertFalse(t.problem().contains("\n"));
        assertEquals("<a><b password=\"*****\">Basic *****</a>?\n", t.text());
    }
}
