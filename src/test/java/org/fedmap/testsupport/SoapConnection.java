package org.fedmap.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * One persistent HTTPS connection to the server, speaking raw HTTP/1.1. IF-MAP channels are TCP
 * connections, so tests that exercise SSRC/ARC rules must control which connection a request
 * travels on; a pooling HTTP client cannot.
 */
public final class SoapConnection implements AutoCloseable {
    public static final String SOAP12 = "application/soap+xml; charset=utf-8";
    public static final String SOAP11 = "text/xml; charset=utf-8";

    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private final String path;
    private final String authorization;

    public SoapConnection(TestServer server, String user, String password) {
        this(server, "/dana-ws/soap/dsifmap", basic(user, password), true);
    }

    /** A connection to another path, sending exactly the given Authorization header (null: none). */
    public static SoapConnection withAuthorization(TestServer server, String path, String authorization) {
        return new SoapConnection(server, path, authorization, true);
    }

    public static String basic(String user, String password) {
        return user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private SoapConnection(TestServer server, String path, String authorization, boolean unused) {
        this(server, path, authorization, null, null);
    }

    /**
     * A connection from a chosen loopback source address (e.g. 127.0.0.2; null for the default),
     * presenting a client certificate when {@code keyManagers} are given.
     */
    public SoapConnection(TestServer server, String path, String authorization, String sourceAddress,
                          KeyManager[] keyManagers) {
        this("127.0.0.1", server.port(), server.trustManagers(), path, authorization, sourceAddress, keyManagers);
    }

    /**
     * A connection of {@code user} to the IF-MAP path of any server, e.g. one running as its own
     * process, trusting it by {@code trustManagers}.
     */
    public SoapConnection(String host, int port, TrustManager[] trustManagers, String user, String password) {
        this(host, port, trustManagers, "/dana-ws/soap/dsifmap", basic(user, password), null, null);
    }

    /**
     * A connection to {@code host:port}: {@code path} and {@code authorization} (null: none) go on
     * every request; from {@code sourceAddress} (null for the default), presenting a client
     * certificate when {@code keyManagers} are given.
     */
    public SoapConnection(String host, int port, TrustManager[] trustManagers, String path, String authorization,
                          String sourceAddress, KeyManager[] keyManagers) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, trustManagers, null);
            socket = sourceAddress == null
                    ? (SSLSocket) ctx.getSocketFactory().createSocket(host, port)
                    : (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getByName(host), port,
                            InetAddress.getByName(sourceAddress), 0);
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
            this.host = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
            this.path = path;
            this.authorization = authorization;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection of {@code user} (password {@link TestServer#PASSWORD}) from another source address. */
    public static SoapConnection from(TestServer server, String sourceAddress, String user) {
        return new SoapConnection(server, "/dana-ws/soap/dsifmap", basic(user, TestServer.PASSWORD), sourceAddress,
                null);
    }
    public record HttpResponse(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** POSTs a SOAP 1.2 document and waits for the answer. */
    public HttpResponse post(String xml) {
        return post(xml.getBytes(StandardCharsets.UTF_8), SOAP12, Map.of());
    }

    public HttpResponse post(byte[] body, String contentType, Map<String, String> headers) {
        try {
            send(body, contentType, headers);
        } catch (UncheckedIOException writeFailed) {
            // A server may answer (413, say) and close before it has read the whole body; the answer
            // is then waiting in the socket while our write fails. Take it if it is there.
            try {
                return read();
            } catch (RuntimeException noAnswer) {
                writeFailed.addSuppressed(noAnswer);
                throw writeFailed;
            }
        }
        return read();
    }

    /** Sends a request without waiting (for a poll that will be answered later). */
    public void send(String xml) {
        send(xml.getBytes(StandardCharsets.UTF_8), SOAP12, Map.of());
    }

    public void send(byte[] body, String contentType, Map<String, String> headers) {
        try {
            StringBuilder h = new StringBuilder();
            h.append("POST ").append(path).append(" HTTP/1.1\r\n");
            h.append("Host: ").append(host).append("\r\n");
            if (authorization != null) {
                h.append("Authorization: ").append(authorization).append("\r\n");
            }
            h.append("Content-Type: ").append(contentType).append("\r\n");
            h.append("Content-Length: ").append(body.length).append("\r\n");
            for (Map.Entry<String, String> e : headers.entrySet()) {
                h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
            }
            h.append("\r\n");
            // one write: headers and body in separate small writes would meet Nagle and delayed ACKs
            byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            out.write(all);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a raw GET, with the connection's Authorization header if it has one. */
    public HttpResponse get(String pathAndQuery) {
        try {
            String h = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            out.write(h.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next answer, waiting up to the socket timeout (20 s). */
    public HttpResponse read() {
        try {
            return readResponse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next answer if one arrives within {@code millis}; null when none did. */
    public HttpResponse readWithin(int millis) {
        try {
            socket.setSoTimeout(millis);
            in.mark(1);
            int first = in.read();
            if (first < 0) {
                throw new IOException("connection closed");
            }
            in.reset();
            socket.setSoTimeout(20_000);
            return readResponse();
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout(20_000);
            } catch (IOException ignored) {
                // the socket is gone; the next call says so
            }
        }
    }

    /** True when the server has closed this connection (reads end of stream within the wait). */
    public boolean closedByServer(int millis) {
        try {
            socket.setSoTimeout(millis);
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private HttpResponse readResponse() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before an answer");
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                if (size == 0) {
                    line();
                    break;
                }
                b.write(in.readNBytes(size));
                line();
            }
            body = b.toByteArray();
        } else {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            body = in.readNBytes(length);
        }
        if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
            body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        }
        return new HttpResponse(code, headers, body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
