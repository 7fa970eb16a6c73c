package org.fedmap.e2e;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import org.fedmap.testsupport.Soap;
import org.fedmap.testsupport.SoapConnection;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void publishAndSearchThenThePortIsFreeAfterClose() throws Exception {
        int port;
        try (TestServer server = TestServer.start(); SoapConnection c = server.connect("alice")) {
            port = server.port();
            String sid = Soap.newSession(c);
            var s = c.post(Soap.v2("<ifmap:search session-id=\"" + sid + "\"><ip-address value=\"192.0.2.7\"/></ifmap:search>"));
            assertEquals(200, s.status());
        }
        assertDoesNotThrow(() -> new ServerSocket(port).close());
    }
}
