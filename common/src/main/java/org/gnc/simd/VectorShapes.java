package org.gnc.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every Vector API kernel uses: one shape (the preferred one) for all element types,
 * ints at half of it so that an int lane matches a long or double lane. One species per element type is
 * what keeps the kernels fast together in one JVM: on Java 17 the Vector API's shared methods take the
 * type profile of every shape they see, and code compiled after a second shape of the same element type
 * runs much slower. (R1's point blocks are faster at 256 bits on an AVX-512 machine, but 256-bit double
 * or float blocks beside the test scorer's 512-bit ones slowed a whole R1 sweep down that way. The blocks
 * therefore hold fixed-point ints at half the shape, the species the batch draw already uses for its
 * codes. The README's Benchmarks section has the figures.)
 *
 * <p>Loaded only when {@link VectorModule#present()}.
 */
public final class VectorShapes {
    /** The preferred shape. */
    public static final VectorShape SHAPE = VectorShape.preferredShape();
    public static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED.withShape(SHAPE);
    public static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED.withShape(SHAPE);
    public static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.withShape(SHAPE);
    /** Ints with as many lanes as {@link #LONGS}. */
    public static final VectorSpecies<Integer> HALF_INTS = IntVector.SPECIES_128
            .withShape(VectorShape.forBitSize(SHAPE.vectorBitSize() / 2));

    private VectorShapes() {
    }
}
