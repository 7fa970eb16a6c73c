package org.fedmap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.hshannover.f4.trust.ifmapj.IfmapJ;
import de.hshannover.f4.trust.ifmapj.channel.ARC;
import de.hshannover.f4.trust.ifmapj.channel.SSRC;
import de.hshannover.f4.trust.ifmapj.identifier.AccessRequest;
import de.hshannover.f4.trust.ifmapj.identifier.Identifiers;
import de.hshannover.f4.trust.ifmapj.identifier.IpAddress;
import de.hshannover.f4.trust.ifmapj.messages.MetadataLifetime;
import de.hshannover.f4.trust.ifmapj.messages.PollResult;
import de.hshannover.f4.trust.ifmapj.messages.Requests;
import de.hshannover.f4.trust.ifmapj.messages.SubscribeRequest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, done the way an operator does it: the {@code pki} and {@code client}
 * commands set up a CA, the server's certificate, a gateway's certificate and its registration;
 * {@code serve} runs as its own process; and a gateway, played by ifmapj with nothing but the
 * PKCS#12 file and the CA certificate, publishes, subscribes and polls.
 */
class PkiWalkthroughTest {
    private static final String P12_PASSWORD = "gateway-p12-password";

    @TempDir
    Path dir;

    @Test
    void aGatewayWithACertificateFromFedmapsOwnCaWorksAgainstServe() throws Exception {
        String data = dir.resolve("data").toString();
        ok(Cli.fedmap("", "pki", "init-ca", "--data", data));
        ok(Cli.fedmap("", "pki", "server-cert", "--cn", "localhost", "--san", "IP:127.0.0.1", "--data", data));
        for (String gw : new String[] {"ic1", "ic2"}) {
            Cli.Run issued = ok(Cli.fedmap(P12_PASSWORD + "\n", "pki", "issue", "--cn", gw + ".example.com", "--out",
                    dir.resolve(gw + ".p12").toString(), "--password-stdin", "--data", data));
            assertTrue(issued.out().contains("CN=" + gw + ".example.com"), issued.out());
            ok(Cli.fedmap("", "client", "add", gw, "--cert-subject", "CN=" + gw + ".example.com", "--allow-ip",
                    "127.0.0.1", "--data", data));
        }

        try (ServerProcess serve = ServerProcess.in(dir).start()) {
            String url = serve.url();
            TrustManager[] trust = trustManagers(Path.of(data, "pki", "ca.pem"));
            SSRC gateway = IfmapJ.createSsrc(url, keyManagers(dir.resolve("ic1.p12")), trust);
            SSRC watcher = IfmapJ.createSsrc(url, keyManagers(dir.resolve("ic2.p12")), trust);
            ARC arc = null;
            try {
                gateway.newSession();
                assertEquals("ic1", gateway.getPublisherId());
                AccessRequest ar = Identifiers.createAr("walkthrough-session");
                IpAddress ip = Identifiers.createIp4("192.0.2.77");
                gateway.publish(Requests.createPublishReq(Requests.createPublishUpdate(ar, ip,
                        Ifmapj.MD.createArIp(), MetadataLifetime.session)));

                // a second gateway, with its own certificate, follows the first one's sessions
                watcher.newSession();
                assertEquals("ic2", watcher.getPublisherId());
                arc = watcher.getArc();
                SubscribeRequest subscribe = Requests.createSubscribeReq(Requests.createSubscribeUpdate("ips",
                        null, 1, null, null, null, ip));
                watcher.subscribe(subscribe);
                PollResult first = Ifmapj.poll(arc);
                assertEquals(1, first.getResults().size());
                assertEquals(List.of("access-request-ip"),
                        Ifmapj.view(first.getResults().get(0)).get("ar:walkthrough-session -- ip:192.0.2.77"));
                watcher.endSession();
            } finally {
                Ifmapj.close(gateway, watcher, arc);
            }
            assertEquals(143, serve.stop(), "serve stops on SIGTERM");
        }
    }

    private static Cli.Run ok(Cli.Run run) {
        assertEquals(0, run.code(), run.toString());
        return run;
    }

    private static KeyManager[] keyManagers(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, P12_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, P12_PASSWORD.toCharArray());
        return kmf.getKeyManagers();
    }

    private static TrustManager[] trustManagers(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            ks.setCertificateEntry("fedmap-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }
}
