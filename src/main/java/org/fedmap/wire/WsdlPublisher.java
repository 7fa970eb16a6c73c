package org.fedmap.wire;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the WSDL at {@code ?wsdl} (IF-MAP 2) and {@code ?wsdl=1.1} (IF-MAP 1.1, as gateways use it)
 * and their schemas at {@code ?xsd=NAME}, from the files under
 * {@code wsdl/} on the class path. References between them are rewritten to absolute URLs of this
 * endpoint, and the service address to the URL the client used, so tools can fetch the whole set
 * from the server.
 */
public final class WsdlPublisher {
    private static final String WSDL = "ifmap-2.wsdl";
    private static final String WSDL_11 = "ifmap-1.1.wsdl";
    private static final List<String> SCHEMAS = List.of("ifmap-base-2.xsd", "ifmap-metadata-2.xsd",
            "ifmap-opmeta-2.1.xsd", "ifmap-identifier-2.1.xsd", "ifmap-server-2.2.xsd",
            "ifmap-base-1.1.xsd", "ifmap-metadata-1.1.xsd");
    private static final Pattern SCHEMA_LOCATION = Pattern.compile("schemaLocation=\"([^\"?/]+\\.xsd)\"");
    /** The service address of either binding (soap12:address in the 2.x WSDL, soap:address in 1.1). */
    private static final Pattern ADDRESS = Pattern.compile("(<soap(?:12)?:address\\s+location=\")[^\"]*(\")");

    private final Map<String, String> documents = new LinkedHashMap<>();

    public WsdlPublisher() {
        documents.put(WSDL, load(WSDL));
        documents.put(WSDL_11, load(WSDL_11));
        for (String xsd : SCHEMAS) {
            documents.put(xsd, load(xsd));
        }
    }

    private static String load(String name) {
        try (InputStream in = WsdlPublisher.class.getClassLoader().getResourceAsStream("wsdl/" + name)) {
            if (in == null) {
                throw new IllegalStateException("wsdl/" + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean handles(HttpServletRequest req) {
        String q = req.getQueryString();
        return q != null && (q.equalsIgnoreCase("wsdl") || q.equalsIgnoreCase("wsdl=1.1") || q.startsWith("xsd="));
    }

    void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String q = req.getQueryString();
        String name = q.equalsIgnoreCase("wsdl") ? WSDL
                : q.equalsIgnoreCase("wsdl=1.1") ? WSDL_11 : q.substring("xsd=".length());
        String doc = documents.get(name);
        if (doc == null) {
            resp.sendError(404, "no schema named " + name);
            return;
        }
        String self = req.getRequestURL().toString();
        Matcher m = SCHEMA_LOCATION.matcher(doc);
        String out = m.replaceAll(r -> "schemaLocation=\"" + Matcher.quoteReplacement(self + "?xsd=" + r.group(1)) + "\"");
        out = ADDRESS.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(self) + "$2");
        byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType("text/xml; charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
