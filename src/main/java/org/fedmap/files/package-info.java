/**
 * Files and directories that only the account running fedmap may read: secrets, key material and
 * the database. Knows nothing of what the files hold.
 */
package org.fedmap.files;
