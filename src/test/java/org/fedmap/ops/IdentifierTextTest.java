package org.fedmap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmap.model.AccessRequest;
import org.fedmap.model.Device;
import org.fedmap.model.Identifier;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.MacAddress;
import org.junit.jupiter.api.Test;

class IdentifierTextTest {

    @Test
    void theShortFormsAnOperatorTypesAreRead() {
        assertEquals(new AccessRequest("ic1:sid42", ""), IdentifierText.parse("access-request:ic1:sid42"));
        assertEquals(new AccessRequest("ar1", "corp"), IdentifierText.parse("ar:ar1@corp"));
        assertEquals(IpAddress.v4("10.0.0.5"), IdentifierText.parse("ip-address:10.0.0.5"));
        assertEquals(new IpAddress(IpAddress.Version.IPV6, "2001:db8:0:0:0:0:0:1", "site"),
                IdentifierText.parse("ip:2001:db8:0:0:0:0:0:1@site"));
        assertEquals(new MacAddress("aa:bb:cc:dd:ee:ff", ""), IdentifierText.parse("mac-address:aa:bb:cc:dd:ee:ff"));
        assertEquals(Identity.of(Identity.Type.USERNAME, "alice"), IdentifierText.parse("identity:alice"));
        assertEquals(new Identity(Identity.Type.USERNAME, "alice", "dept-a", null), IdentifierText.parse("id:alice@dept-a"));
        assertEquals(Identity.of(Identity.Type.EMAIL_ADDRESS, "alice@example.com"),
                IdentifierText.parse("identity:email-address:alice\\@example.com"));
        assertEquals(Identity.of(Identity.Type.USERNAME, "CORP:alice"), IdentifierText.parse("identity:CORP:alice"),
                "CORP is no identity type, so it is part of the username");
        assertEquals(new Identity(Identity.Type.OTHER, "x", "", "acme:badge"),
                IdentifierText.parse("identity:other:acme\\:badge:x"));
        assertEquals(new Device(Device.Kind.NAME, "ic1:1138"), IdentifierText.parse("device:ic1:1138"));
        assertEquals(new Device(Device.Kind.NAME, "d1@x"), IdentifierText.parse("dev:d1@x"), "devices have no domain");
        assertEquals(new Device(Device.Kind.AIK_NAME, "aik1"), IdentifierText.parse("device:aik-name:aik1"));
    }

    @Test
    void everyIdentifierIsWrittenInAFormThatReadsBackToIt() {
        List<Identifier> all = List.of(
                new AccessRequest("ic1:sid4f3a1c9e", ""),
                new AccessRequest("odd@name\\with:things", "dom@ain"),
                new IpAddress(IpAddress.Version.IPV6, "2001:db8:0:0:0:0:0:1", ""),
                new MacAddress("00:16:3e:00:00:07", "lan"),
                Identity.of(Identity.Type.USERNAME, "alice"),
                Identity.of(Identity.Type.DISTINGUISHED_NAME, "CN=alice,O=corp"),
                new Identity(Identity.Type.OTHER, "n@1", "d", "def:with:colons"),
                new Device(Device.Kind.NAME, "ic1:1138"),
                new Device(Device.Kind.NAME, "aik-name:looks-like-a-kind"),
                new Device(Device.Kind.AIK_NAME, "aik"));
        for (Identifier id : all) {
            String text = IdentifierText.format(id);
            assertEquals(id, IdentifierText.parse(text), text);
        }
        assertEquals("access-request:ic1:sid4f3a1c9e", IdentifierText.format(all.get(0)));
        assertEquals("identity:username:alice", IdentifierText.format(all.get(4)));
        assertEquals("access-request:odd\\@name\\\\with:things@dom\\@ain", IdentifierText.format(all.get(1)));
    }

    @Test
    void whatIsNoCanonicalIdentifierIsRefusedWithAReason() {
        assertTrue(message("10.0.0.5").contains("has no type"));
        assertTrue(message("host:x").contains("'host' is not an identifier type"));
        assertTrue(message("ip:10.0.0.05").contains("not a canonical IPv4 address"));
        assertTrue(message("mac:AA:BB:CC:DD:EE:FF").contains("not canonical"));
        assertTrue(message("access-request:").contains("non-empty name"));
        assertTrue(message("identity:other:no-name").contains("identity:other:DEFINITION:NAME"));
        assertTrue(message(" ").contains("no identifier given"));
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> IdentifierText.parse(text)).getMessage();
    }
}
