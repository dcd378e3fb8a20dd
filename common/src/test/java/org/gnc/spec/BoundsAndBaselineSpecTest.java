package org.gnc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The bounds and baseline blocks: defaults, explicit values, and no effect on cell ids. */
class BoundsAndBaselineSpecTest {
    @Test
    void defaultsApplyWhenTheBlocksAreLeftOut() {
        SweepSpec spec = TestSpecs.base("");
        assertEquals(BoundsSpec.DEFAULT, spec.bounds());
        assertEquals(BaselineSpec.DEFAULT, spec.baseline());
        assertEquals(0.05, spec.bounds().delta());
    }

    @Test
    void explicitValuesAreReadAndDoNotChangeCellIds() {
        SweepSpec spec = TestSpecs.base("""
                bounds.delta = 0.01
                baseline { seeds = 3, optimizer = sgd, learning-rate = 0.5, epochs = 7, batch-size = 2,
                           init = prior, loss = hinge }
                """);
        assertEquals(new BoundsSpec(0.01), spec.bounds());
        assertEquals(new BaselineSpec(3, BaselineSpec.Optimizer.SGD, 0.5, 7, 2, BaselineSpec.Init.PRIOR,
                BaselineSpec.Loss.HINGE), spec.baseline());
        assertEquals(TestSpecs.base("").cells().get(0).id(), spec.cells().get(0).id());
    }

    @Test
    void thePeersBatchLimitCapsMinibatchesAtHalfTheTrainingSet() {
        SweepSpec spec = TestSpecs.base("""
                baseline { optimizer = sgd, batch-size = 2, batch-limit = half-train-size }
                """);
        assertEquals(BaselineSpec.BatchLimit.HALF_TRAIN_SIZE, spec.baseline().batchLimit());
        assertEquals(1, spec.baseline().batchOn(2)); // min(n/2, 2): the peers train n = 2 on single points
        assertEquals(1, spec.baseline().batchOn(3));
        assertEquals(2, spec.baseline().batchOn(16));
        assertEquals(2, TestSpecs.base("baseline { optimizer = sgd, batch-size = 2 }").baseline().batchOn(2));
        assertEquals(16, BaselineSpec.DEFAULT.batchOn(16)); // gd: full batch
    }
}
