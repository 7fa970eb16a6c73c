/**
 * The command line: {@code serve}, {@code client}, {@code pki}. Commands parse options, wire the parts
 * together and report; they hold no IF-MAP logic of their own.
 */
package org.fedmap.cli;
