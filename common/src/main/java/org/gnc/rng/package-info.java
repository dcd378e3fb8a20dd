/**
 * Counter-based randomness: every random word is a pure function of a key and a counter, so every
 * candidate network and every generated dataset is reproducible from its coordinates alone. Uses only
 * {@code stats} (normal quantiles) and {@code simd} (for its vector lanes).
 */
package org.gnc.rng;
