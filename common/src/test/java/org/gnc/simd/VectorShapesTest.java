package org.gnc.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The species every vector kernel uses: ints at half the shape, so an int lane matches a long lane. When
 * the build asks for a shape ({@code -Dgnc.test.vector-bits}, set by the AVX2 execution in common/pom.xml),
 * the JVM really runs with it, so that execution tests the kernels on the shape it claims.
 */
class VectorShapesTest {
    @Test
    @Tag("vector-api")
    void intsAreHalfTheShapeAndTheRequestedShapeIsInEffect() {
        assertTrue(VectorModule.present());
        assertEquals(VectorShapes.LONGS.length(), VectorShapes.HALF_INTS.length());
        assertEquals(VectorShapes.SHAPE.vectorBitSize(), VectorShapes.DOUBLES.vectorBitSize());
        String expected = System.getProperty("gnc.test.vector-bits");
        if (expected != null) {
            assertEquals(Integer.parseInt(expected), VectorShapes.SHAPE.vectorBitSize(),
                    "the JVM options asked for " + expected + "-bit vectors");
        }
    }
}
