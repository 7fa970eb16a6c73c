package org.fedmap.federation;

/**
 * Turns a user session found in IF-MAP into a local username and local roles at the gateway in front of
 * a protected resource. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.fedmap.federation.SessionImportMapper}), with a public no-argument
 * constructor; the built-in one, {@code policies}, applies the ordered import policies of
 * {@code conf/policies/import.yaml}.
 *
 * <p>{@link #configure} is called once, before any {@link #importSession}; that may then be called from
 * several threads at once.
 */
public interface SessionImportMapper {
    /** The name that selects this mapper ({@code --mapper NAME}). */
    String name();

    /** Reads this mapper's configuration. */
    default void configure(MapperSettings settings) throws MapperException {
    }

    /** The local user and roles for one federated session; no roles when nothing admits it. */
    ImportedSession importSession(IfmapSession session);
}
