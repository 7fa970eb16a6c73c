package org.fedmap.federation;

import java.nio.file.Path;

/**
 * What a mapper is configured from when the connector starts.
 *
 * @param policyDirectory the directory of policy files ({@code --policies}, by default {@code conf/policies});
 *                        it need not exist, in which case the built-in mappers apply their defaults
 */
public record MapperSettings(Path policyDirectory) {
}
