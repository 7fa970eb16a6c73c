package org.fedmap.model;

/**
 * A physical device. {@code aik-name} devices exist in IF-MAP 1.1 only; the 2.x decoder refuses
 * them. Devices have no administrative-domain.
 */
public record Device(Kind kind, String value) implements Identifier {
    /** Which child element names the device. */
    public enum Kind {
        NAME("name"), AIK_NAME("aik-name");

        private final String elementName;

        Kind(String elementName) {
            this.elementName = elementName;
        }

        public String elementName() {
            return elementName;
        }
    }

    public Device {
        Identifier.checkLength("device " + (kind == null ? "" : kind.elementName()), value);
        if (kind == null) {
            throw IfmapException.invalidIdentifier("device needs a name element");
        }
        if (value == null || value.isEmpty()) {
            throw IfmapException.invalidIdentifier("device " + kind.elementName() + " must not be empty");
        }
    }


    @Override
    public IdentifierType type() {
        return IdentifierType.DEVICE;
    }

    @Override
    public String administrativeDomain() {
        return "";
    }

    @Override
    public String sortKey() {
        return kind.ordinal() + value;
    }
}
