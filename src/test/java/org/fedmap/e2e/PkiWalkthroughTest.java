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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.fedmap.testsupport.Cli;
import org.fedmap.testsupport.TestServer;
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

        int port = TestServer.freePort();
        Path conf = dir.resolve("fedmap.properties");
        Files.writeString(conf, "server.hostname=localhost\n");
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.fedmap.cli.Main", "serve", "--conf", conf.toString(),
                "--data", data, "--port", Integer.toString(port))
                .redirectErrorStream(true).start();
        try {
            awaitLine(serve.getInputStream(), "Press Ctrl-C to stop.");
            String url = "https://127.0.0.1:" + port + "/dana-ws/soap/dsifmap";
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
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
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

    /** Reads the process output until {@code wanted}; keeps draining it afterwards so the process never blocks. */
    private static void awaitLine(InputStream output, String wanted) throws Exception {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.contains(wanted)) {
                        seen.complete(null);
                    }
                }
                seen.completeExceptionally(new AssertionError("serve ended before '" + wanted + "': " + lines));
            } catch (IOException e) {
                seen.completeExceptionally(e);
            }
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        try {
            seen.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            synchronized (lines) {
                throw new AssertionError("serve did not start within 60 s: " + lines, e);
            }
        }
    }
}
