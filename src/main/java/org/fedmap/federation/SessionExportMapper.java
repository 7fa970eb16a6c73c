package org.fedmap.federation;

/**
 * Turns a gateway's local session into the IF-MAP data other gateways import. Implementations are
 * found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.fedmap.federation.SessionExportMapper}) and need a public no-argument
 * constructor; the built-in one, {@code policies}, applies the ordered export policies of
 * {@code conf/policies/export.yaml}.
 *
 * <p>{@link #configure} is called once, before any {@link #export}; {@link #export} may then be called
 * from several threads at once.
 */
public interface SessionExportMapper {
    /** The name that selects this mapper ({@code --mapper NAME}). */
    String name();

    /** Reads this mapper's configuration. */
    default void configure(MapperSettings settings) throws MapperException {
    }

    /** The IF-MAP data for one local session. */
    IfmapSession export(LocalSession session);
}
