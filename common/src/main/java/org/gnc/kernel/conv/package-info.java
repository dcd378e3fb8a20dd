/**
 * Conv kernels: the exact early-rejection filter for ReLU students with conv layers (LeNet-sized
 * stacks), its scalar path and its Vector API path, each deciding every point exactly as the
 * reference forward pass does. May use {@code kernel} and the layers below it; never {@code sample}.
 */
package org.gnc.kernel.conv;
