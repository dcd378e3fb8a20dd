/**
 * The sweep specification: HOCON parsed once into validated immutable values whose settings are
 * model types, and the grid expanded into cells with stable ids; a config that cannot be used is a
 * {@link org.gnc.spec.SpecException}. Uses model and input only.
 */
package org.gnc.spec;
