package org.gnc.baseline;

import org.gnc.data.CellData;
import org.gnc.model.Architecture;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;
import org.gnc.spec.BaselineSpec;
import org.gnc.spec.CellSpec;
import org.gnc.spec.LossBin;

/**
 * Everything needed to train the runs of one cell anywhere (Serializable, shipped to executors once): the
 * student architecture and prior, the baseline settings, the data, the seeds, and the cell's loss bin (null
 * for none; {@link GradientTrainer} says how it changes training). Run r draws its initial
 * weights and minibatch orders from the stream {@code CounterRng.of(sweepSeed, "baseline", cellIdBits, r)},
 * so a run is a pure function of (sweep seed, cell, r), whichever task or machine trains it.
 */
public record BaselineCell(String cellId, long cellIdBits, long sweepSeed, Architecture architecture, Prior prior,
                           BaselineSpec spec, CellData data, LossBin lossBin) implements java.io.Serializable {

    /** The cell's baseline; an {@link IllegalArgumentException} when its student cannot be trained by gradients. */
    public static BaselineCell of(CellSpec cell, long sweepSeed, CellData data, BaselineSpec spec) {
        BaselineCell c = new BaselineCell(cell.id(), cell.idBits(), sweepSeed,
                cell.student().architecture(data.train().shape()), cell.student().prior(), spec, data, cell.lossBin());
        c.trainer(); // refuses what gradient descent cannot train
        return c;
    }

    /** A trainer for this cell (ND4J pinned to one thread). */
    public GradientTrainer trainer() {
        return new GradientTrainer(architecture, prior, spec, lossBin);
    }

    /** The random stream of run {@code seed}. */
    public CounterRng stream(long seed) {
        return CounterRng.of(sweepSeed, "baseline", cellIdBits, seed);
    }

    /** Trains run {@code seed} of this cell. */
    public TrainingRun run(long seed) {
        return trainer().train(data.train(), data.test(), stream(seed), seed);
    }
}
