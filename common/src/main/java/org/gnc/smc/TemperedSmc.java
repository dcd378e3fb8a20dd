package org.gnc.smc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.gnc.kernel.HeldOutScorer;
import org.gnc.model.CandidateWeights;
import org.gnc.model.Prior;
import org.gnc.rng.CounterRng;

/**
 * One replicate of tempered sequential Monte Carlo from the prior to the Guess &amp; Check posterior pi_n
 * of one checkpoint n, with its evidence estimate ln p-hat(n).
 *
 * <p><b>Path.</b> gamma_beta(theta) proportional to prior(theta) exp(-beta e(theta)), e = max(0, mistakes on
 * the first n points - m), from beta_0 = 0 (the prior) through a schedule 0 &lt; beta_1 &lt; ... &lt;
 * beta_T to beta = +infinity, whose target is pi_n and whose normalizer is p(n) (the prior mass of the
 * networks with at most m mistakes). Unlike adding the points one at a time, every target constrains all
 * n points, so the particles cannot stay on networks that fit a prefix but lose to others on the whole set
 * (the trap in issue 15: a data path stuck on "impostor" networks underestimated ln p by 25 nats).
 *
 * <p><b>Step t.</b> Incremental weights w_i = exp(-(beta_t - beta_(t-1)) e_i) (for beta_t = infinity,
 * 1 if e_i = 0, else 0); r_t = mean w_i; ln p-hat += ln r_t; systematic resampling by w; then
 * {@code moves} exact Gibbs sweeps of gamma_(beta_t) on every particle ({@link GibbsScanner}). If every
 * weight is 0 the run dies there (p-hat = 0). With the schedule fixed in advance, prod r_t is an
 * unbiased estimate of p(n) (Del Moral 2004; the standard argument: each step's mean weight is unbiased
 * for the ratio of normalizers given the previous particles, which are distributed, in the Feynman-Kac
 * sense, as the previous target, because the moves leave it invariant).
 *
 * <p><b>Schedule.</b> Chosen adaptively by a <em>pilot</em> run on its own particles and random stream
 * (beta_t such that the effective sample size of the incremental weights is {@code essFraction} N; the
 * final step once that fraction of particles has e = 0), then used unchanged by the measured run. Choosing
 * it from the measured particles themselves would bias ln p-hat upward (the adaptive-splitting effect
 * issue 15 measured at 0.5-0.8 nats); a schedule independent of the measured run leaves it unbiased.
 *
 * <p><b>Particles</b> are parameter values (for a finite prior, each one of its levels), so one path serves
 * finite and continuous priors; the moves are the layout's ({@link MoveLayout#of}).
 *
 * <p><b>Randomness.</b> Everything is a pure function of the {@code stream}: the initial particles are the
 * prior's candidates 0 .. N-1 of child stream 0 (pilot) or 1 (measured run) through {@link CandidateWeights}
 * (the sampler's own draw), and each run's resampling and Gibbs draws come from a {@link SplittableRandom}
 * seeded by a word of child 2 or 3.
 */
public final class TemperedSmc {

    /**
     * How to run: N particles, Gibbs sweeps per step, the pilot's target fraction of effective particles
     * (in (0, 1)), and the most tempering steps a run may take before it is cut (the run then jumps to
     * beta = infinity).
     */
    public record Settings(int particles, int moves, double essFraction, int maxSteps)
            implements java.io.Serializable {
        public Settings {
            if (particles < 2) {
                throw new IllegalArgumentException("particles must be >= 2, got " + particles);
            }
            if (moves < 0) {
                throw new IllegalArgumentException("moves must be >= 0, got " + moves);
            }
            if (!(essFraction > 0 && essFraction < 1)) {
                throw new IllegalArgumentException("essFraction must be in (0, 1), got " + essFraction);
            }
            if (maxSteps < 1) {
                throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
            }
        }

        /**
         * N particles and {@code moves} sweeps per step, 90% of the particles effective per step (half made
         * the replicates of the narrow-teacher cells at n = 256 spread by 2-4 nats, 90% by under one; the
         * README's SMC section has the figures), at most 10,000 steps.
         */
        public static Settings of(int particles, int moves) {
            return new Settings(particles, moves, 0.9, 10_000);
        }
    }

    private final MoveLayout layout;
    private final Prior prior;
    private final Settings settings;

    public TemperedSmc(MoveLayout layout, Prior prior, Settings settings) {
        this.layout = layout;
        this.prior = prior;
        this.settings = settings;
    }

    /**
     * Replicate {@code replicate} of checkpoint n: the pilot, then the measured run on the pilot's schedule,
     * its final particles scored by {@code test} (null: not scored; the counts are then empty).
     */
    public ReplicateRun run(CounterRng stream, int replicate, HeldOutScorer test, int nTest) {
        return run(stream, replicate, test, nTest, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #run(CounterRng, int, HeldOutScorer, int)}, stopped once {@code maxSeconds} have passed since
     * it started: the clock is read before each step (of the pilot and of the measured run), and a run past
     * it stops there ({@link ReplicateRun#stopped}). A run that is not stopped is the same as without a budget.
     */
    public ReplicateRun run(CounterRng stream, int replicate, HeldOutScorer test, int nTest, double maxSeconds) {
        long t0 = System.nanoTime();
        long deadline = maxSeconds >= 9e9 ? Long.MAX_VALUE : t0 + (long) (maxSeconds * 1e9);
        ParticleMoves scanner = layout.newMoves();
        Run pilot = new Run(scanner, stream, 0, null, deadline);
        pilot.go();
        Run measured = new Run(scanner, stream, 1, pilot.betas, deadline);
        if (pilot.stopped >= 0) {
            // No schedule to measure on: stopped at the measured run's step 0, with Z_0 = 1 as its estimate.
            measured.stopped = 0;
        } else {
            measured.go();
        }
        if (measured.stopped >= 0) {
            return new ReplicateRun(layout.n(), replicate, settings.particles(), Double.NEGATIVE_INFINITY, -1,
                    measured.steps, new long[nTest + 1], scanner.fallbacks(), (System.nanoTime() - t0) / 1e9,
                    measured.stopped, measured.logEvidence);
        }
        long[] counts = new long[nTest + 1];
        if (measured.died < 0 && test != null) {
            Map<Particle, Integer> scored = new HashMap<>();
            for (double[] particle : measured.particles) {
                counts[scored.computeIfAbsent(new Particle(particle), key -> test.mistakes(particle, 0))]++;
            }
        }
        double logEvidence = measured.died >= 0 ? Double.NEGATIVE_INFINITY : measured.logEvidence;
        return new ReplicateRun(layout.n(), replicate, settings.particles(), logEvidence, measured.died,
                measured.steps, counts, scanner.fallbacks(), (System.nanoTime() - t0) / 1e9);
    }

    /** One run: the pilot (schedule null: chosen adaptively) or the measured run on a given schedule. */
    private final class Run {
        final ParticleMoves scanner;
        final int n = settings.particles();
        double[][] particles;
        final int[] excess;
        final SplittableRandom random;
        final List<Double> schedule;
        final List<Double> betas = new ArrayList<>();
        final List<TemperingStep> steps = new ArrayList<>();
        double logEvidence;
        int died = -1;
        /** The step the time budget stopped the run at (-1: not stopped). */
        int stopped = -1;
        final long deadline;

        Run(ParticleMoves scanner, CounterRng stream, int which, List<Double> schedule, long deadline) {
            this.scanner = scanner;
            this.deadline = deadline;
            this.schedule = schedule;
            this.random = new SplittableRandom(stream.child(2 + which).word(0));
            CandidateWeights draws = new CandidateWeights(layout.architecture(), prior, stream.child(which));
            this.particles = new double[n][layout.parameters()];
            this.excess = new int[n];
            for (int i = 0; i < n; i++) {
                draws.fill(i, particles[i], 0);
                excess[i] = Math.max(0, scanner.load(particles[i]) - layout.maxTrainErrors());
            }
        }

        void go() {
            double beta = 0;
            for (int t = 0; beta != Double.POSITIVE_INFINITY; t++) {
                if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                    stopped = t;
                    return;
                }
                // The measured run follows the pilot's betas and ends at infinity (also where the pilot died).
                double next = schedule != null ? (t < schedule.size() ? schedule.get(t) : Double.POSITIVE_INFINITY)
                        : t + 1 >= settings.maxSteps() ? Double.POSITIVE_INFINITY : chooseNext(beta);
                double delta = next - beta;
                int eMin = Integer.MAX_VALUE;
                for (int e : excess) {
                    eMin = Math.min(eMin, e);
                }
                double[] weight = new double[n];
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    weight[i] = next == Double.POSITIVE_INFINITY ? (excess[i] == 0 ? 1 : 0)
                            : Math.exp(-delta * (excess[i] - eMin));
                    sum += weight[i];
                }
                if (sum == 0) {
                    died = t;
                    return;
                }
                double logR = (next == Double.POSITIVE_INFINITY ? 0 : -delta * eMin) + Math.log(sum / n);
                logEvidence += logR;
                resample(weight, sum);
                int distinct = distinct();
                long draws0 = scanner.draws();
                long changes0 = scanner.changes();
                for (int i = 0; i < n; i++) {
                    for (int s = 0; s < settings.moves(); s++) {
                        excess[i] = Math.max(0, scanner.sweep(particles[i], next, random) - layout.maxTrainErrors());
                    }
                }
                long drawn = scanner.draws() - draws0;
                double acceptance = drawn == 0 ? Double.NaN : (double) (scanner.changes() - changes0) / drawn;
                beta = next;
                betas.add(next);
                steps.add(new TemperingStep(t, next, logR, logEvidence, distinct, acceptance));
            }
        }

        /**
         * The pilot's next beta: infinity once essFraction of the particles have e = 0; else the beta whose
         * incremental weights keep essFraction N effective particles (by bisection); if even beta = infinity
         * would keep that many (many particles share the least e &gt; 0), max(2 beta, beta + 1).
         */
        double chooseNext(double beta) {
            double target = settings.essFraction() * n;
            int zeros = 0;
            int eMin = Integer.MAX_VALUE;
            for (int e : excess) {
                zeros += e == 0 ? 1 : 0;
                eMin = Math.min(eMin, e);
            }
            if (zeros >= target) {
                return Double.POSITIVE_INFINITY;
            }
            int atMin = 0;
            for (int e : excess) {
                atMin += e == eMin ? 1 : 0;
            }
            if (atMin >= target) {
                return Math.max(2 * beta, beta + 1);
            }
            double lo = 0;
            double hi = 1;
            while (ess(hi, eMin) >= target) {
                hi *= 2;
            }
            for (int i = 0; i < 60; i++) {
                double mid = 0.5 * (lo + hi);
                if (ess(mid, eMin) >= target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return beta + hi;
        }

        /** The effective sample size (sum w)^2 / sum w^2 of w_i = exp(-delta (e_i - eMin)). */
        double ess(double delta, int eMin) {
            double s = 0;
            double s2 = 0;
            for (int e : excess) {
                double w = Math.exp(-delta * (e - eMin));
                s += w;
                s2 += w * w;
            }
            return s * s / s2;
        }

        /** Systematic resampling of the particles (and their excess) by {@code weight} (total {@code sum}). */
        void resample(double[] weight, double sum) {
            double[][] next = new double[n][];
            int[] nextExcess = new int[n];
            double step = sum / n;
            double u = random.nextDouble() * step;
            double cumulative = weight[0];
            int j = 0;
            for (int i = 0; i < n; i++) {
                double point = u + i * step;
                while (cumulative <= point && j < n - 1) {
                    j++;
                    cumulative += weight[j];
                }
                while (weight[j] == 0) {
                    j--;
                }
                next[i] = particles[j].clone();
                nextExcess[i] = excess[j];
            }
            particles = next;
            System.arraycopy(nextExcess, 0, excess, 0, n);
        }

        int distinct() {
            Set<Particle> seen = new HashSet<>();
            for (double[] p : particles) {
                seen.add(new Particle(p));
            }
            return seen.size();
        }
    }

    /** A particle's values as a hash key: equal when every value has the same bits. */
    private record Particle(double[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Particle p && Arrays.equals(values, p.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
