package org.fedmap.model;

/** What metadata is attached to: an identifier or a link. */
public sealed interface Target permits Identifier, Link {
}
