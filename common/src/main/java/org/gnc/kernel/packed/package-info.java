/**
 * The packed-levels kernel (R1): finite priors on one ReLU layer decided in exact fixed point, its batch
 * draw, point blocks and output ticks, whose shared tables stay package-private. May use {@code kernel}
 * (beside it) and the layers below it.
 */
package org.gnc.kernel.packed;
