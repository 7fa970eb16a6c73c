package org.fedmap.engine.filter;

import org.fedmap.model.ErrorCode;
import org.fedmap.model.IfmapException;

/**
 * The one way a filter is refused. The client sees only the message, so it quotes the expression
 * and says what is wrong and where, counting characters from 1 as an editor would.
 */
final class CompileErrors {
    private CompileErrors() {
    }

    static IfmapException at(String expression, int position, String problem) {
        return new IfmapException(ErrorCode.Failure,
                "invalid filter \"" + expression + "\": " + problem + " (at character " + (position + 1) + ")");
    }
}
