package org.fedmap.mapclient;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One persistent HTTP/1.1 connection (TLS or plain) carrying SOAP POSTs, one request at a time.
 * IF-MAP tells its channels apart by TCP connection, so a client must own its connections;
 * a pooling HTTP client would mix them.
 */
public final class WireConnection implements AutoCloseable {

    /** An HTTP answer: status and body text. */
    public record Answer(int status, String body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] headPrefix;

    /**
     * Connects to {@code target}, from {@code sourceAddress} when not null, authenticating every
     * request with HTTP Basic {@code user}:{@code password} (none when {@code user} is null).
     */
    public WireConnection(Target target, SSLSocketFactory tls, String contentType, String sourceAddress, String user,
                          String password, int timeoutMillis) throws IOException {
        this(target, null, tls, contentType, sourceAddress, user, password, timeoutMillis);
    }

    /**
     * As the other constructor, with the name the server's certificate must carry when it is not the
     * URL's host (a replica reached by address whose certificate names it); null for the URL's host.
     */
    public WireConnection(Target target, String certificateName, SSLSocketFactory tls, String contentType,
                          String sourceAddress, String user, String password, int timeoutMillis) throws IOException {
        this(target, certificateName, tls, contentType, sourceAddress, user, password, timeoutMillis, false);
    }

    /**
     * As the other constructors; with {@code acceptGzip}, every request says {@code Accept-Encoding: gzip}
     * (answers are unpacked here either way).
     */
    public WireConnection(Target target, String certificateName, SSLSocketFactory tls, String contentType,
                          String sourceAddress, String user, String password, int timeoutMillis, boolean acceptGzip)
            throws IOException {
        Socket plain = new Socket();
        try {
            if (sourceAddress != null) {
                plain.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
            }
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            if (target.tls()) {
                String name = certificateName == null ? target.host() : certificateName;
                SSLSocket s = (SSLSocket) tls.createSocket(plain, name, target.port(), true);
                // the certificate must name the host asked for: trusting a CA must not mean trusting every
                // certificate it issued (a gateway's, say) as the server's
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                socket = s;
            } else {
                socket = plain;
            }
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        // no user: the client proves itself with its TLS certificate alone
        String authorization = user == null ? "" : "Authorization: Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n";
        headPrefix = ("POST " + target.path() + " HTTP/1.1\r\nHost: " + target.hostHeader() + "\r\n" + authorization
                + (acceptGzip ? "Accept-Encoding: gzip\r\n" : "") + "Content-Type: " + contentType + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sets how long a read may wait (a poll waits longer than a publish). */
    public void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** POSTs a SOAP document and waits for its answer. */
    public Answer post(String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        byte[] length = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        // one write: head and body in separate small segments would meet Nagle and delayed ACKs
        byte[] all = new byte[headPrefix.length + length.length + body.length];
        System.arraycopy(headPrefix, 0, all, 0, headPrefix.length);
        System.arraycopy(length, 0, all, headPrefix.length, length.length);
        System.arraycopy(body, 0, all, headPrefix.length + length.length, body.length);
        out.write(all);
        out.flush();
        return read();
    }

    private Answer read() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before an answer");
        }
        String[] parts = status.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean gzip = false;
        boolean close = false;
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            if (c < 0) {
                continue;
            }
            String name = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
            String value = l.substring(c + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (name.equals("content-encoding")) {
                gzip = value.equalsIgnoreCase("gzip");
            } else if (name.equals("connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        byte[] body;
        if (chunked) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                if (sizeLine == null) {
                    throw new IOException("connection closed inside a chunked answer");
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    for (String t = line(); t != null && !t.isEmpty(); t = line()) {
                        // trailers: none expected
                    }
                    break;
                }
                b.write(in.readNBytes(size));
                line();
            }
            body = b.toByteArray();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
        } else if (close) {
            body = in.readAllBytes();
        } else {
            body = new byte[0];
        }
        if (gzip) {
            body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        }
        return new Answer(code, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
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

    /** Where the server is: parsed from a URL such as {@code https://map.example.com:8443/dana-ws/soap/dsifmap}. */
    public record Target(boolean tls, String host, int port, String path) {
        public static Target parse(String url) {
            java.net.URI u;
            try {
                u = new java.net.URI(url);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(url + " is not a URL");
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalArgumentException(url + ": expected https://HOST:PORT/PATH");
            }
            if (u.getHost() == null) {
                throw new IllegalArgumentException(url + ": no host");
            }
            boolean tls = scheme.equals("https");
            int port = u.getPort() > 0 ? u.getPort() : (tls ? 443 : 80);
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/dana-ws/soap/dsifmap" : u.getRawPath();
            String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
            return new Target(tls, host, port, path);
        }

        public String hostHeader() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
