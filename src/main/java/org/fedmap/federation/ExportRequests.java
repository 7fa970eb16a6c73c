package org.fedmap.federation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.fedmap.model.Identity;
import org.fedmap.xml.XmlWriter;

/**
 * The IF-MAP 1.1 operations that export a session, written the way gateways write them: an
 * access-request named {@code <publisher-id>:sid<48 hex>}, linked to the endpoint's ip-address
 * ({@code access-request-ip}), its mac-address ({@code access-request-mac}) and the identity
 * ({@code authenticated-as} and the {@code role} items); {@code capability} items on the access-request;
 * {@code access-request-device} and the {@code device-attribute} items on its link to a device named
 * like the access-request, where the metadata schema puts device attributes.
 *
 * <p>Publishing a session again replaces what this publisher put there before, in the same atomic
 * publish, so a role change never shows subscribers a half-updated session.
 */
final class ExportRequests {
    /** The metadata this connector publishes; a re-export or end deletes exactly these, and only its own. */
    private static final List<String> OWN_ELEMENTS = List.of("access-request-ip", "access-request-mac",
            "authenticated-as", "role", "capability", "access-request-device", "device-attribute");

    private ExportRequests() {
    }

    /**
     * The access-request name of a user's session at one endpoint: the same for every export of the
     * same realm, user and address, so a later export replaces it and {@code end} finds it without
     * remembering anything.
     */
    static String accessRequestName(String publisherId, String realm, String username, String ip) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {realm, username, ip}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return publisherId + ":sid" + HexFormat.of().formatHex(sha.digest(), 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** A search that finds every link of the access-request, to learn what an earlier export left there. */
    static String searchAround(String accessRequest) {
        return "<ifmap:search validation=\"None\" max-depth=\"1\">" + identifier(accessRequestElement(accessRequest))
                + "</ifmap:search>";
    }

    /**
     * One publish: delete this publisher's items on {@code previous} (identifiers and links found by
     * {@link #searchAround}), then, unless {@code data} is null, publish the session.
     */
    static String publish(String publisherId, String accessRequest, LocalSession local, IfmapSession data,
                          List<String> previous) {
        StringBuilder b = new StringBuilder(2048).append("<ifmap:publish validation=\"None\">");
        String own = ownItemsFilter(publisherId);
        for (String place : previous) {
            b.append("<delete filter=\"");
            XmlWriter.escapeAttribute(own, b);
            b.append("\">").append(place).append("</delete>");
        }
        if (data != null) {
            String ar = accessRequestElement(accessRequest);
            update(b, link(ar, ipElement(local.ip())), "<meta:access-request-ip/>");
            if (local.mac() != null) {
                update(b, link(ar, macElement(local.mac(), data.macAdministrativeDomain())), "<meta:access-request-mac/>");
            }
            StringBuilder identityItems = new StringBuilder("<meta:authenticated-as/>");
            for (String role : data.roles()) {
                named(identityItems, "meta:role", role);
            }
            update(b, link(ar, identityElement(data.identity())), identityItems.toString());
            if (!data.capabilities().isEmpty()) {
                StringBuilder items = new StringBuilder();
                for (String c : data.capabilities()) {
                    named(items, "meta:capability", c);
                }
                update(b, identifier(ar), items.toString());
            }
            if (!data.deviceAttributes().isEmpty()) {
                StringBuilder items = new StringBuilder("<meta:access-request-device/>");
                for (String a : data.deviceAttributes()) {
                    named(items, "meta:device-attribute", a);
                }
                update(b, link(ar, deviceElement(accessRequest)), items.toString());
            }
        }
        return b.append("</ifmap:publish>").toString();
    }

    /** The delete filter for what this connector publishes, limited to its own publisher-id. */
    static String ownItemsFilter(String publisherId) {
        StringBuilder f = new StringBuilder();
        String quoted = "\"" + publisherId.replace("\"", "") + "\"";
        for (String e : OWN_ELEMENTS) {
            if (f.length() > 0) {
                f.append(" or ");
            }
            f.append("meta:").append(e).append("[@publisher-id = ").append(quoted).append(']');
        }
        return f.toString();
    }

    private static void update(StringBuilder b, String place, String items) {
        b.append("<update>").append(place).append("<metadata>").append(items).append("</metadata></update>");
    }

    private static void named(StringBuilder b, String element, String name) {
        b.append('<').append(element).append("><name>");
        XmlWriter.escapeText(name, b);
        b.append("</name></").append(element).append('>');
    }

    static String identifier(String element) {
        return "<identifier>" + element + "</identifier>";
    }

    static String link(String a, String b) {
        return "<link>" + identifier(a) + identifier(b) + "</link>";
    }

    static String accessRequestElement(String name) {
        return "<access-request name=\"" + attr(name) + "\"/>";
    }

    static String ipElement(String ip) {
        return "<ip-address value=\"" + ip + "\" type=\"" + (ip.indexOf(':') >= 0 ? "IPv6" : "IPv4") + "\"/>";
    }

    private static String macElement(String mac, String domain) {
        return "<mac-address value=\"" + mac + "\"" + domain(domain) + "/>";
    }

    private static String deviceElement(String name) {
        StringBuilder b = new StringBuilder("<device><name>");
        XmlWriter.escapeText(name, b);
        return b.append("</name></device>").toString();
    }

    private static String identityElement(Identity id) {
        StringBuilder b = new StringBuilder("<identity name=\"").append(attr(id.name())).append("\" type=\"")
                .append(id.identityType().xmlValue()).append('"').append(domain(id.administrativeDomain()));
        if (id.otherTypeDefinition() != null && !id.otherTypeDefinition().isEmpty()) {
            b.append(" other-type-definition=\"").append(attr(id.otherTypeDefinition())).append('"');
        }
        return b.append("/>").toString();
    }

    private static String domain(String domain) {
        return domain == null || domain.isEmpty() ? "" : " administrative-domain=\"" + attr(domain) + "\"";
    }

    private static String attr(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        XmlWriter.escapeAttribute(value, b);
        return b.toString();
    }
}
