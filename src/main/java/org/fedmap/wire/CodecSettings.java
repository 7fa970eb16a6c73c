package org.fedmap.wire;

/**
 * Limits and defaults the codecs apply.
 *
 * @param defaultSearchMaxSize max-size of a search or subscription that names none
 * @param maxMetadataSize      longest metadata item accepted (MetadataTooLong beyond)
 */
public record CodecSettings(long defaultSearchMaxSize, int maxMetadataSize) {
}
