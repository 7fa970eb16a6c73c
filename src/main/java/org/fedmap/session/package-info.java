/**
 * IF-MAP sessions: newSession/renewSession/endSession, one session per client and source address
 * (within the client's session cap), the SSRC and ARC channel rules, pending polls answered
 * asynchronously (no thread waits), the client's rights on each request (read-only, purging
 * others, the metadata cap), and the timer that ends a session once its client has had no
 * connection for the fail-secure timeout. Dispatches decoded requests to the engine, and tells
 * listeners what each session's changes really applied ({@link org.fedmap.session.SessionChange});
 * knows nothing of XML, SOAP or HTTP.
 */
package org.fedmap.session;
