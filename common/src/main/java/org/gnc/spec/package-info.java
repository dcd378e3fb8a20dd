/**
 * The sweep specification: HOCON parsed once into validated immutable values whose settings are
 * model types, and the grid expanded into cells with stable ids. Uses model only.
 */
package org.gnc.spec;
