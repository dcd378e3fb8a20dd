package org.gnc.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import org.gnc.model.NetworkSpec;

/**
 * The {@code sampler} block of a cell: how its posterior is sampled. {@link Kind#REJECTION} is Guess &amp;
 * Check (the {@code budget} block says how long); {@link Kind#SMC} is sequential Monte Carlo, which runs
 * {@code replicates} independent replicates of {@code particles} particles each, with {@code moves} Gibbs
 * sweeps per tempering step, and scores the particles on the test set at each of the {@code checkpoints}
 * (training-set prefixes n_c). A rejection cell ignores the other four settings.
 *
 * <p>Guarantees particles &gt;= 2, replicates &gt;= 1, moves &gt;= 0, and checkpoints strictly increasing,
 * each &gt;= 1. Where the cell's training-set size n is known, the list is <i>resolved</i>
 * ({@link #resolve}): every entry is in 1..n and the last one is n (n is appended to a configured list
 * that lacks it, and an empty list means [n]). The parser resolves it for teacher-student and IDX data,
 * whose spec fixes n; a table cell's list stays as configured (possibly empty) until its data is read,
 * and {@code PreparedSweep} resolves it then. Resolving is idempotent, so a resolved list can be resolved
 * against its own n again. Serializable: it travels with the cell.
 */
public record SamplerSpec(Kind kind, int particles, int replicates, int moves, List<Integer> checkpoints)
        implements java.io.Serializable {

    /** Guess &amp; Check rejection sampling, or sequential Monte Carlo over the training points. */
    public enum Kind {
        REJECTION, SMC;

        /** The name used in sweep configs: {@code rejection}, {@code smc}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The fewest particles a replicate can resample from. */
    public static final int MIN_PARTICLES = 2;

    /**
     * The defaults, as in gnc-defaults.conf: rejection; for SMC 500 particles, 4 replicates, 2 moves and
     * the single checkpoint n (an empty list, resolved to [n]).
     */
    public static final SamplerSpec DEFAULT = new SamplerSpec(Kind.REJECTION, 500, 4, 2, List.of());

    public SamplerSpec {
        Objects.requireNonNull(kind, "kind");
        if (particles < MIN_PARTICLES || replicates < 1 || moves < 0) {
            throw new IllegalArgumentException("particles must be >= 2, replicates >= 1 and moves >= 0, got "
                    + particles + ", " + replicates + " and " + moves);
        }
        checkpoints = List.copyOf(checkpoints);
        String problem = checkpointsProblem(checkpoints.stream().map(Integer::longValue).toList(), Integer.MAX_VALUE);
        if (problem != null) {
            throw new IllegalArgumentException("checkpoints " + problem);
        }
    }

    /**
     * This sampler with its checkpoints resolved against the training-set size n: n appended when the
     * last entry is below n (the list [n] when empty); {@code this} when already resolved.
     *
     * @throws IllegalArgumentException when an entry exceeds n, saying which
     */
    public SamplerSpec resolve(int n) {
        String problem = checkpointsProblem(checkpoints.stream().map(Integer::longValue).toList(), n);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (!checkpoints.isEmpty() && checkpoints.get(checkpoints.size() - 1) == n) {
            return this;
        }
        List<Integer> resolved = new ArrayList<>(checkpoints);
        resolved.add(n);
        return new SamplerSpec(kind, particles, replicates, moves, resolved);
    }

    /** This sampler resolved against the training-set size where {@code data} fixes it, else {@code this}. */
    public SamplerSpec resolveFor(DataSpec data) {
        OptionalInt n = data.knownTrainSize();
        return n.isPresent() ? resolve(n.getAsInt()) : this;
    }

    /**
     * Null when {@code configured} is strictly increasing with every entry in 1..max, else what is wrong,
     * such as {@code "has 40 above 32"} or {@code "is not strictly increasing: 32 after 64"}.
     */
    static String checkpointsProblem(List<Long> configured, long max) {
        for (int i = 0; i < configured.size(); i++) {
            long c = configured.get(i);
            if (c < 1) {
                return "has " + c + " below 1";
            }
            if (c > max) {
                return "has " + c + " above " + max;
            }
            if (i > 0 && c <= configured.get(i - 1)) {
                return "is not strictly increasing: " + c + " after " + configured.get(i - 1);
            }
        }
        return null;
    }
}
