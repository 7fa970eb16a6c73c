/**
 * Hardened XML reading (no DOCTYPE, no entities, bounded depth and size) into a small immutable
 * element tree, and compact XML writing with correct escaping and namespace repair. Shared by the
 * wire codecs and by metadata filters; holds no IF-MAP semantics.
 */
package org.fedmap.xml;
