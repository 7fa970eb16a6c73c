/**
 * Test support shared by the test suite: the project's published IF-MAP schemas (wsdl/) compiled
 * for validation, and assertions that responses on the wire are valid against them.
 */
package org.fedmap.testsupport;
