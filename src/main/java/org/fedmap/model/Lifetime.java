package org.fedmap.model;

/** How long published metadata lives. IF-MAP 1.1 metadata is always {@link #FOREVER}. */
public enum Lifetime {
    /** Deleted when the publishing session ends (endSession, a second newSession, timeout). */
    SESSION,
    /** Kept until deleted or purged. */
    FOREVER
}
