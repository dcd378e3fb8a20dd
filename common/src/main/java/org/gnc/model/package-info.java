/**
 * Networks and priors: activations, architectures with the one shared forward pass, priors with
 * one fixed draw encoding, and candidate weights as a function of (sweep seed, cell, index).
 * May use {@code rng}, {@code stats} and {@code simd}.
 */
package org.gnc.model;
