/**
 * SIMD plumbing: whether the Java Vector API is present in this JVM, the one vector species per
 * element type that every Vector API path uses, and ND4J's native threads pinned to one. Bottom layer (beside {@code stats}): uses no other gnc
 * package.
 */
package org.gnc.simd;
