/**
 * Guess &amp; Check: interpolator filters (the plain reference and the exact fast paths), shard
 * sampling, the order-independent cell tally, and the exhaustive enumerator. Top layer of the core;
 * no Spark imports anywhere in common.
 */
package org.gnc.sample;
