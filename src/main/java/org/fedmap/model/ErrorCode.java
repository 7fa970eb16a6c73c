package org.fedmap.model;

/** The errorCode values of an IF-MAP errorResult (1.1 and 2.x together). */
public enum ErrorCode {
    AccessDenied,
    Failure,
    InvalidIdentifier,
    InvalidIdentifierType,
    IdentifierTooLong,
    InvalidMetadata,
    /** IF-MAP 1.1 only. */
    InvalidMetadataListType,
    InvalidSchemaVersion,
    InvalidSessionID,
    MetadataTooLong,
    SearchResultsTooBig,
    /** IF-MAP 2.x only. */
    PollResultsTooBig,
    SystemError
}
