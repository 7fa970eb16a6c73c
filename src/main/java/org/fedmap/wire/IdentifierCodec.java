package org.fedmap.wire;

import org.fedmap.model.AccessRequest;
import org.fedmap.model.Device;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.Identifier;
import org.fedmap.model.IdentifierType;
import org.fedmap.model.IfmapException;
import org.fedmap.model.Identity;
import org.fedmap.model.IpAddress;
import org.fedmap.model.MacAddress;
import org.fedmap.model.ProtocolVersion;
import org.fedmap.xml.XmlElement;
import org.fedmap.xml.XmlWriter;

/**
 * Identifier elements, which both IF-MAP versions spell the same way (1.1 only wraps them). What
 * differs is which kinds a version allows: {@code device/aik-name} and identity type
 * {@code trusted-platform-module} exist only in 1.1, identity type {@code hip-hit} only in 2.x.
 */
final class IdentifierCodec {
    private IdentifierCodec() {
    }


    static Identifier decode(XmlElement e, ProtocolVersion version) {
        IdentifierType type = IdentifierType.fromElementName(e.localName());
        if (type == null) {
            throw new IfmapException(ErrorCode.InvalidIdentifierType, "<" + e.qualifiedName()
                    + "> is not an identifier; expected access-request, device, identity, ip-address or mac-address");
        }
        String ad = e.attribute("administrative-domain");
        return switch (type) {
            case ACCESS_REQUEST -> new AccessRequest(required(e, "name"), ad);
            case MAC_ADDRESS -> new MacAddress(required(e, "value"), ad);
            case IP_ADDRESS -> new IpAddress(IpAddress.Version.fromXml(e.attribute("type")), required(e, "value"), ad);
            case IDENTITY -> identity(e, version, ad);
            case DEVICE -> device(e, version);
        };
    }

    private static Identity identity(XmlElement e, ProtocolVersion version, String ad) {
        String typeText = e.attribute("type");
        if (typeText == null) {
            throw new IfmapException(ErrorCode.InvalidIdentifier, "identity has no type attribute");
        }
        Identity.Type type = Identity.Type.fromXml(typeText);
        boolean allowed = type != null
                && !(version == ProtocolVersion.IFMAP_2 && type == Identity.Type.TRUSTED_PLATFORM_MODULE)
                && !(version == ProtocolVersion.IFMAP_1_1 && type == Identity.Type.HIP_HIT);
        if (!allowed) {
            throw new IfmapException(ErrorCode.InvalidIdentifierType, "identity type '" + typeText
                    + "' does not exist in IF-MAP " + (version == ProtocolVersion.IFMAP_2 ? "2" : "1.1"));
        }
        return new Identity(type, required(e, "name"), ad, e.attribute("other-type-definition"));
    }

    private static Device device(XmlElement e, ProtocolVersion version) {
        XmlElement name = null;
        for (XmlElement c : e.elements()) {
            if (name != null) {
                throw IfmapException.invalidIdentifier("device holds more than one name element");
            }
            name = c;
        }
        if (name == null) {
            throw IfmapException.invalidIdentifier("device has no name element (<device><name>…</name></device>)");
        }
        if (name.localName().equals("name")) {
            return new Device(Device.Kind.NAME, name.textContent());
        }
        if (name.localName().equals("aik-name")) {
            if (version == ProtocolVersion.IFMAP_2) {
                throw IfmapException.invalidIdentifier("device aik-name is not accepted in IF-MAP 2 (deprecated); use name");
            }
            return new Device(Device.Kind.AIK_NAME, name.textContent());
        }
        throw IfmapException.invalidIdentifier("device holds <" + name.qualifiedName() + ">; expected name");
    }

    private static String required(XmlElement e, String attribute) {
        String v = e.attribute(attribute);
        if (v == null) {
            throw IfmapException.invalidIdentifier(e.localName() + " has no " + attribute + " attribute");
        }
        return v;
    }

    static void encode(XmlWriter w, Identifier id) {
        if (id instanceof AccessRequest a) {
            w.start("access-request").attribute("name", a.name());
            domain(w, a.administrativeDomain());
            w.end("access-request");
        } else if (id instanceof Device d) {
            w.start("device").textElement(d.kind().elementName(), d.value()).end("device");
        } else if (id instanceof Identity i) {
            w.start("identity").attribute("name", i.name()).attribute("type", i.identityType().xmlValue());
            w.optionalAttribute("other-type-definition", i.otherTypeDefinition());
            domain(w, i.administrativeDomain());
            w.end("identity");
        } else if (id instanceof IpAddress ip) {
            w.start("ip-address").attribute("value", ip.value()).attribute("type", ip.version().xmlValue());
            domain(w, ip.administrativeDomain());
            w.end("ip-address");
        } else {
            MacAddress mac = (MacAddress) id;
            w.start("mac-address").attribute("value", mac.value());
            domain(w, mac.administrativeDomain());
            w.end("mac-address");
        }
    }

    private static void domain(XmlWriter w, String ad) {
        if (!ad.isEmpty()) {
            w.attribute("administrative-domain", ad);
        }
    }
}
