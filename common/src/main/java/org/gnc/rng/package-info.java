/**
 * Counter-based randomness: every random word is a pure function of a key and a counter, so every
 * candidate network and every generated dataset is reproducible from its coordinates alone. May use
 * {@code stats} (normal quantiles) and {@code simd} (vector lanes); the kernels and the SIMD plumbing
 * that once sat here are in {@code kernel} and {@code simd}.
 */
package org.gnc.rng;
