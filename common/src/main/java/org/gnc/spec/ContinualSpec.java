package org.gnc.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A validated continual-learning config ({@code gnc continual}): a family of T binary linear tasks,
 * the orderings to run sequential max-margin under, the number of steps k, the seeds, and the
 * projection solver's settings. Built only by {@link ContinualSpecParser}, so every instance is valid:
 * T >= 1, k >= 1, seeds >= 1, at least one ordering, and a fixed order (when {@code fixed} is listed)
 * of task indices in 0..T-1.
 *
 * <p>Seed {@code s} of {@code 0..seeds-1} is the {@code s}-th replicate: it keys the generated task
 * family (for {@link Tasks.Generated}) and the random orderings, through
 * {@link org.gnc.rng.CounterRng} with {@code seed} as the base, so every result is a pure function of
 * ({@code seed}, {@code s}, the config).
 */
public record ContinualSpec(String name, long seed, int seeds, int steps, List<OrderingKind> orderings,
                            List<Integer> fixedOrder, Tasks tasks, double tolerance, long maxSweeps,
                            String resolvedText, Path source) {

    public ContinualSpec {
        Objects.requireNonNull(name, "name");
        orderings = List.copyOf(orderings);
        fixedOrder = List.copyOf(fixedOrder);
        Objects.requireNonNull(tasks, "tasks");
    }

    /** The number of tasks T. */
    public int taskCount() {
        return tasks.count();
    }

    /** How the task of each step is chosen; the config names are in {@link #configName()}. */
    public enum OrderingKind {
        /** Step t (1-based) trains task (t - 1) mod T. */
        CYCLIC("cyclic"),
        /** Each step draws a task uniformly at random, independently (with replacement). */
        RANDOM("random"),
        /** Each epoch of T steps is a fresh uniformly random permutation of the T tasks. */
        PERMUTATION("permutation"),
        /** The list {@code continual.fixed-order}, repeated from its start when it runs out. */
        FIXED("fixed");

        private final String configName;

        OrderingKind(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /** How the task inputs of the generated family are spread. */
    public enum InputKind {
        /** Task t's inputs are standard Gaussian inside its own random subspace of dimension r. */
        SUBSPACE("subspace"),
        /** Task t's inputs are Gaussian with its own random covariance A_t A_t^T, A_t with N(0, 1/d) entries. */
        COVARIANCE("covariance");

        private final String configName;

        InputKind(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /** The task family: generated from a teacher direction, or read from table files. */
    public sealed interface Tasks permits Tasks.Generated, Tasks.Files {
        /** The number of tasks T. */
        int count();

        /**
         * T tasks of {@code size} examples in dimension {@code dim}, labelled by a random teacher
         * direction (so jointly separable); {@code subspaceDim} is r for {@link InputKind#SUBSPACE}.
         */
        record Generated(int count, int dim, int size, InputKind input, int subspaceDim)
                implements Tasks, java.io.Serializable {
        }

        /** One table file per task (absolute paths), in task order. */
        record Files(List<Path> files) implements Tasks {
            public Files {
                files = List.copyOf(files);
            }

            @Override
            public int count() {
                return files.size();
            }
        }
    }
}
