package org.fedmap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.hshannover.f4.trust.ifmapj.IfmapJ;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import org.fedmap.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ifmapj checks the server's host name only when the system property
 * {@code ifmapj.communication.verifypeerhost} is {@code true}. Its check reads the common name
 * from the certificate's subject, which must begin with {@code CN=} and name more than one
 * attribute ({@code CN=host,O=...}), resolves it and compares addresses with the URL's host. The
 * server's own certificate must pass that check for the host name it was started with.
 */
class IfmapjHostVerificationTest {
    private static final String VERIFY_HOST = "ifmapj.communication.verifypeerhost";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @SuppressWarnings("deprecation")
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void ifmapjWithHostVerificationAcceptsTheServersCertificate(String host) throws Exception {
        String before = System.getProperty(VERIFY_HOST);
        System.setProperty(VERIFY_HOST, "true");
        SSRC ssrc = null;
        try {
            ssrc = IfmapJ.createSsrc("https://" + host + ":" + server.port() + "/dana-ws/soap/dsifmap", "alice",
                    TestServer.PASSWORD, server.trustManagers());
            ssrc.newSession();
            assertEquals("alice", ssrc.getPublisherId());
        } finally {
            Ifmapj.close(ssrc);
            if (before == null) {
                System.clearProperty(VERIFY_HOST);
            } else {
                System.setProperty(VERIFY_HOST, before);
            }
        }
    }
}
