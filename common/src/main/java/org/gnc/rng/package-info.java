/**
 * Counter-based randomness: every random word is a pure function of a key and a counter, so every
 * candidate network and every generated dataset is reproducible from its coordinates alone.
 * Bottom layer: imports nothing from gnc.
 */
package org.gnc.rng;
