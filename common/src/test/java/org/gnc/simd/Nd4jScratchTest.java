package org.gnc.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

class Nd4jScratchTest {
    private static final String LOOP = "gnc-scratch-test";

    /** A loop step as the attack makes one: products and temporaries of a fixed shape, one result kept in place. */
    private static void step(INDArray kept, INDArray w) {
        INDArray z = kept.mmul(w);
        INDArray t = z.mul(0.5).addi(1.0);
        kept.addi(t.mmul(w.transpose()).muli(1e-3));
    }

    @Test
    void anIterationsArraysLiveInOneReusedBufferAndTheLoopGivesTheSameNumbersAsWithout() {
        Nd4jThreads.pinToOne();
        INDArray w = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 64, 128);
        INDArray plain = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 32, 64);
        INDArray scratched = plain.dup();
        long[] sizes = new long[40];
        try {
            for (int k = 0; k < sizes.length; k++) {
                step(plain, w);
                try (MemoryWorkspace ws = Nd4jScratch.iteration(LOOP)) {
                    INDArray probe = scratched.mul(1.0);
                    assertTrue(probe.isAttached(), "an array made inside the scope lives in the scratch buffer");
                    step(scratched, w);
                    sizes[k] = ws.getCurrentSize();
                }
                assertFalse(scratched.isAttached(), "what the loop keeps stays outside the scratch");
            }
            assertArrayEquals(plain.ravel().toDoubleVector(), scratched.ravel().toDoubleVector(), 0.0,
                    "the scratch changes where arrays live, not a single bit of the numbers");
            for (int k = 2; k < sizes.length; k++) {
                assertEquals(sizes[1], sizes[k], "iteration " + k + " reuses the buffer learned in the first");
            }
            assertTrue(sizes[1] > 0, "the buffer holds the iteration's arrays");
        } finally {
            Nd4jScratch.release(LOOP);
        }
        assertFalse(Nd4j.getWorkspaceManager().checkIfWorkspaceExists(LOOP), "released once the loop is done");
    }
}
