package org.gnc.simd;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scratch memory for the iterations of an ND4J loop: an ND4J workspace opened around each iteration.
 * Every array created while the scope is open lives in one buffer that the next opening of the same name
 * on the same thread reuses, so a loop of K iterations holds the off-heap memory of one iteration instead
 * of K iterations' worth waiting for the garbage collector (JavaCPP frees an array's native memory only
 * when its Java object is collected, and lets that grow to about twice the heap before it forces a
 * collection: gigabytes for a reconstruction attack at 28 x 28, and more than a Spark executor's
 * overhead allowance). The buffer's size is learned in the first iteration (ND4J's FIRST_LOOP policy) and
 * grows if a later iteration needs more.
 *
 * <p>Contract: an array created inside the scope must not be read after the scope closes; what must
 * outlive the iteration is either created before the loop and updated in place, or copied out with
 * {@code detach()}. Workspaces are per thread, so concurrent Spark tasks each get their own.
 */
public final class Nd4jScratch {
    private static final WorkspaceConfiguration LOOP = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();

    private Nd4jScratch() {
    }

    /** Opens the scope of one iteration of the loop called {@code name}; close it at the iteration's end. */
    public static MemoryWorkspace iteration(String name) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(LOOP, name);
    }

    /** Frees the buffer of the loop called {@code name} on this thread, once the loop is done. */
    public static void release(String name) {
        Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(name));
    }
}
