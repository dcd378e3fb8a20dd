/**
 * The packed-levels kernel (R1): finite priors on one ReLU layer decided in exact fixed point, as a
 * per-cell layout (with its fixed-point tables) and per-thread scanners, with its batch draw, point
 * blocks and output ticks, whose shared tables stay package-private. May use {@code kernel} and the
 * layers below it.
 */
package org.gnc.kernel.packed;
