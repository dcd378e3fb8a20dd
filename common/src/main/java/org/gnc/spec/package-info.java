/**
 * The sweep specification: HOCON parsed once ({@link org.gnc.spec.SweepSpecParser}, with one
 * package-private reader per config block) into validated immutable values whose settings are model
 * types, and the grid expanded into cells with stable ids; likewise the continual-learning config. A
 * config that cannot be used is a {@link org.gnc.spec.SpecException}. May use {@code model} and the
 * layers below it ({@code rng}, {@code stats}, {@code simd}, {@code input}).
 */
package org.gnc.spec;
