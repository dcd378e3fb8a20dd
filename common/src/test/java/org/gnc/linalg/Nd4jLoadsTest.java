package org.gnc.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J's native backend loads in the test JVM and multiplies correctly (its natives are cached under target/). */
class Nd4jLoadsTest {
    @Test
    void matrixProductOnTheNativeBackend() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray b = Nd4j.createFromArray(new double[][] {{5, 6}, {7, 8}});
        assertEquals(Nd4j.createFromArray(new double[][] {{19, 22}, {43, 50}}), a.mmul(b));
    }
}
