package org.fedmap.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fedmap.engine.SearchSpec;
import org.fedmap.model.ErrorCode;
import org.fedmap.model.IfmapException;
import org.fedmap.session.Request;
import org.fedmap.xml.XmlElement;

/**
 * A subscribe request's update and delete elements, which both versions spell alike; only how a
 * version reads the search parameters of an update differs, and the caller passes that in.
 */
final class SubscribeRequests {
    private SubscribeRequests() {
    }

    static Request.Subscribe decode(String sessionId, XmlElement op, Function<XmlElement, SearchSpec> searchSpec) {
        List<Request.SubscribeOperation> ops = new ArrayList<>();
        for (XmlElement e : op.elements()) {
            String name = e.attribute("name");
            if (name == null || name.isEmpty()) {
                throw new IfmapException(ErrorCode.Failure, "subscribe " + e.localName() + " has no name");
            }
            switch (e.localName()) {
                case "update" -> ops.add(new Request.SubscribeOperation.Update(name, searchSpec.apply(e)));
                case "delete" -> ops.add(new Request.SubscribeOperation.Delete(name));
                default -> throw new IfmapException(ErrorCode.Failure, "subscribe holds <" + e.qualifiedName()
                        + ">; expected update or delete");
            }
        }
        if (ops.isEmpty()) {
            throw new IfmapException(ErrorCode.Failure, "subscribe holds no update or delete");
        }
        return new Request.Subscribe(sessionId, ops);
    }
}
