/**
 * Guess &amp; Check sampling: the kernel chosen per cell, shard planning and sampling, the
 * order-independent cell tally, the finished results of sampled and enumerated cells with their bounds,
 * and the exhaustive enumerator. Top layer of the core; no Spark imports anywhere in common.
 */
package org.gnc.sample;
