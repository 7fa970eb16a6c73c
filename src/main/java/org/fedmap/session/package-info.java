/**
 * IF-MAP sessions: newSession/renewSession/endSession, the SSRC and ARC channel rules, pending
 * polls answered asynchronously (no thread waits), and the timer that ends a session once its
 * client has had no connection for the fail-secure timeout. Dispatches decoded requests to the
 * engine; knows nothing of XML, SOAP or HTTP.
 */
package org.fedmap.session;
