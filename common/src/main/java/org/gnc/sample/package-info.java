/**
 * Guess &amp; Check sampling: the kernel chosen per cell, shard planning and sampling, the
 * order-independent cell tally, the finished results of sampled and enumerated cells with their bounds,
 * the sweep scheduler, the prepared sweep and the exhaustive enumerator. Top layer of the core: may use
 * every other core package (the kernels live in {@code kernel} and {@code kernel.packed}); nothing in
 * common imports Spark.
 */
package org.gnc.sample;
