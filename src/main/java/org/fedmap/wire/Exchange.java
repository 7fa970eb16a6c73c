package org.fedmap.wire;

import org.fedmap.model.ErrorCode;

/**
 * One IF-MAP request and the server's answer to it, as the endpoint saw them on the wire: handed to
 * the endpoint's exchange listeners (XML trace, metrics) once the answer is written, including
 * refusals, SOAP faults, errorResults and polls answered long after they arrived.
 *
 * <p>{@link #version}, {@link #operation}, {@link #channel} and {@link #result()} come from small
 * fixed sets, so they can label metrics; the client name and session-id cannot.
 *
 * <p>The byte arrays are the ones the endpoint read and wrote, not copies (so building an exchange
 * costs one small object): nobody may modify them. They compare by identity.
 *
 * @param startMillis   when the request arrived, epoch milliseconds
 * @param durationNanos from arrival until the answer was written (a waiting poll: until it was
 *                      answered or abandoned; a slowed-down refusal: until it was sent)
 * @param client        the authenticated client; for a refused request, the user name its Basic
 *                      credentials claim (never verified); else null
 * @param sourceAddress the peer's IP address
 * @param sessionId     the session the request names or (newSession) was given, as sent; null when none
 * @param channel       which of the session's channels the request used
 * @param version       the IF-MAP version of the request
 * @param operation     what the request asked for
 * @param outcome       what kind of answer it got
 * @param errorCode     the errorResult's code when {@code outcome} is {@link Outcome#ERROR_RESULT}, else null
 * @param httpStatus    the HTTP status of the answer; 0 when none was sent (an abandoned poll)
 * @param request       the request body after gzip decoding; null when it was not read (a refusal)
 * @param response      the answer's body before gzip encoding; null when none was sent
 */
public record Exchange(long startMillis, long durationNanos, String client, String sourceAddress, String sessionId,
                       Channel channel, Version version, Operation operation, Outcome outcome, ErrorCode errorCode,
                       int httpStatus, byte[] request, byte[] response) {

    /** IF-MAP tells a session's two channels apart by connection; poll and attach-session use the ARC. */
    public enum Channel {
        SSRC, ARC, UNKNOWN;

        public String label() {
            return this == UNKNOWN ? "unknown" : name();
        }
    }

    public enum Version {
        IFMAP_1_1("1.1"), IFMAP_2("2"), UNKNOWN("unknown");

        private final String label;

        Version(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The IF-MAP operations of both versions under their IF-MAP 2 names. */
    public enum Operation {
        NEW_SESSION("newSession"), ATTACH_SESSION("attachSession"), RENEW_SESSION("renewSession"),
        END_SESSION("endSession"), PUBLISH("publish"), SEARCH("search"), SUBSCRIBE("subscribe"), POLL("poll"),
        PURGE_PUBLISHER("purgePublisher"),
        /** The request was refused before its operation was known, or named none this server knows. */
        UNKNOWN("unknown");

        private final String label;

        Operation(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The operation an IF-MAP 1.1 or 2 request element names; UNKNOWN for anything else. */
        static Operation ofElement(String localName) {
            if (localName == null) {
                return UNKNOWN;
            }
            return switch (localName) {
                case "newSession", "new-session" -> NEW_SESSION;
                case "attach-session" -> ATTACH_SESSION;
                case "renewSession" -> RENEW_SESSION;
                case "endSession" -> END_SESSION;
                case "publish" -> PUBLISH;
                case "search" -> SEARCH;
                case "subscribe" -> SUBSCRIBE;
                case "poll" -> POLL;
                case "purgePublisher" -> PURGE_PUBLISHER;
                default -> UNKNOWN;
            };
        }

        Channel channel() {
            if (this == UNKNOWN) {
                return Channel.UNKNOWN;
            }
            return this == POLL || this == ATTACH_SESSION ? Channel.ARC : Channel.SSRC;
        }
    }

    public enum Outcome {
        /** A normal IF-MAP answer. */
        OK,
        /** endSessionResult: the client ended its session, or a waiting poll's session ended. */
        SESSION_ENDED,
        /** An IF-MAP errorResult. */
        ERROR_RESULT,
        /** A SOAP fault: the request was not a usable SOAP envelope. */
        SOAP_FAULT,
        /** A plain HTTP error: refused by admission (401, 403), too large (413), and the like. */
        HTTP_ERROR,
        /** A waiting poll whose connection closed, or was replaced, before it could be answered. */
        ABANDONED
    }

    /**
     * The outcome as one low-cardinality word: {@code ok}, {@code sessionEnded}, the errorResult's
     * code (e.g. {@code AccessDenied}), {@code soapFault}, {@code http401} (any HTTP error by its
     * status) or {@code abandoned}.
     */
    public String result() {
        return switch (outcome) {
            case OK -> "ok";
            case SESSION_ENDED -> "sessionEnded";
            case ERROR_RESULT -> errorCode == null ? "error" : errorCode.name();
            case SOAP_FAULT -> "soapFault";
            case HTTP_ERROR -> "http" + httpStatus;
            case ABANDONED -> "abandoned";
        };
    }
}
