/**
 * SIMD plumbing: whether the Java Vector API is present in this JVM, and the one vector species per
 * element type that every Vector API path uses. Bottom layer (beside {@code stats}): uses no other gnc
 * package.
 */
package org.gnc.simd;
