package org.gnc.smc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.gnc.kernel.CandidateScorer;
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
 * <p><b>Output-weight tilt</b> ({@link Settings#outputTilt} lambda_0 &gt; 0; exact Gibbs moves on one hidden
 * layer with a finite prior that has a level 0; elsewhere the setting is ignored). A wide student can stay on "impostor" networks that use
 * many units while the posterior's mass is on teacher-equivalent ones that use few, a crossing the plain
 * path does not make. The tilted path runs through gamma_(beta, lambda)(theta) proportional to prior(theta)
 * exp(-beta e(theta) - lambda k(theta)), k the number of non-zero hidden-unit output weights: it starts at
 * (0, lambda_0), the prior tilted toward few units, whose particles are drawn exactly (the prior's candidates
 * with each output weight redrawn from its tilted marginal) and whose normalizer Z_(0, lambda_0) =
 * (z + (L - z) e^-lambda_0)^K / L^K is exact (a product over the K independent output weights; z of the L
 * levels are 0), so ln p-hat starts at ln Z_(0, lambda_0); it tempers beta to infinity at lambda_0 as the
 * plain path does, then lowers lambda to 0 at beta = infinity (weights exp((lambda_(t-1) - lambda_t) k), each
 * step keeping essFraction N effective particles), ending at pi_n with normalizer p(n). Every step is a
 * ratio of normalizers of consecutive targets and the moves ({@link ParticleMoves#sweep(double[], double,
 * double, SplittableRandom)}) leave each target invariant, so prod r_t times Z_(0, lambda_0) is unbiased for
 * p(n) by the same argument. Neither path crosses every transition (the tilted one can stay on few-unit
 * networks where the posterior uses many), so a replicate runs <em>both pilots</em> and its measured run
 * takes the path (and schedule) of the pilot with the larger estimate: a choice made from the pilots alone,
 * independent of the measured run, which therefore stays unbiased given it. The tilted pilot runs first;
 * the plain pilot's running ln Z-hat never rises (its weights exp(-delta e) are at most 1), so it stops
 * as soon as that is below the tilted pilot's final estimate, where its end could only lose: the choice,
 * and every result, is the one both pilots run to the end would give, at less cost where the tilted path
 * wins (a wide student). With lambda_0 = 0 (the default) only the plain pilot runs, and runs are as before.
 *
 * <p><b>Particles</b> are parameter values (for a finite prior, each one of its levels), so one path serves
 * finite and continuous priors; the moves are the layout's ({@link MoveLayout#of}).
 *
 * <p><b>Randomness.</b> Everything is a pure function of the {@code stream}: the initial particles are the
 * prior's candidates 0 .. N-1 of child stream 0 (pilot) or 1 (measured run) through {@link CandidateWeights}
 * (the sampler's own draw), and each run's resampling and Gibbs draws come from a {@link SplittableRandom}
 * seeded by a word of child 2 or 3; the tilted pilot's are children 4 and 5.
 */
public final class TemperedSmc {

    /**
     * How to run: N particles, Gibbs sweeps per step, the pilot's target fraction of effective particles
     * (in (0, 1)), the most tempering steps a run may take before it is cut (the run then jumps to
     * beta = infinity, lambda = 0), and the output-weight tilt lambda_0 of the second pilot path (0: none).
     */
    public record Settings(int particles, int moves, double essFraction, int maxSteps, double outputTilt)
            implements java.io.Serializable {
        /** Settings without the output-weight tilt (lambda_0 = 0: the plain path). */
        public Settings(int particles, int moves, double essFraction, int maxSteps) {
            this(particles, moves, essFraction, maxSteps, 0);
        }

        public Settings {
            if (!(outputTilt >= 0 && outputTilt < 700)) {
                throw new IllegalArgumentException("outputTilt must be in [0, 700), got " + outputTilt);
            }
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

        /** These settings with the output-weight tilt lambda_0 ({@link TemperedSmc}; 0: the plain path). */
        public Settings withOutputTilt(double lambda0) {
            return new Settings(particles, moves, essFraction, maxSteps, lambda0);
        }
    }

    /**
     * The output-weight tilt lambda_0 sweeps run with ({@code SmcRunner}): at e^-4 a non-zero output weight
     * is about 27 times less likely than 0 under the ternary prior tilted, so the tilted path starts on
     * networks of a few units (about 1.2 of 32 non-zero).
     */
    public static final double OUTPUT_TILT = 4;

    private final MoveLayout layout;
    private final Prior prior;
    private final Settings settings;

    /** The output weights the tilt counts (empty without a tilt, or where the moves have none). */
    private final int[] tilted;

    public TemperedSmc(MoveLayout layout, Prior prior, Settings settings) {
        this.layout = layout;
        this.prior = prior;
        this.settings = settings;
        this.tilted = settings.outputTilt() > 0 ? layout.outputWeights() : new int[0];
    }

    /** Whether replicates run the tilted pilot too: lambda_0 &gt; 0 and moves that have the tilt. */
    public boolean tiltedPilot() {
        return tilted.length > 0;
    }

    /**
     * Replicate {@code replicate} of checkpoint n: the pilot (and the tilted path's pilot, where
     * {@link #tiltedPilot}), then the measured run on the chosen pilot's path and schedule, its final
     * particles scored by {@code test} (null: not scored; the counts are then empty).
     */
    public ReplicateRun run(CounterRng stream, int replicate, CandidateScorer test, int nTest) {
        return run(stream, replicate, test, nTest, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #run(CounterRng, int, CandidateScorer, int)}, stopped once {@code maxSeconds} have passed since
     * it started: the clock is read before each step (of the pilot and of the measured run), and a run past
     * it stops there ({@link ReplicateRun#stopped}). A run that is not stopped is the same as without a budget.
     */
    public ReplicateRun run(CounterRng stream, int replicate, CandidateScorer test, int nTest, double maxSeconds) {
        return run(stream, replicate, test, nTest, maxSeconds, false);
    }

    /** The replicate on the tilted path alone (its pilot only; for tests of that path). */
    ReplicateRun runTiltedPath(CounterRng stream, int replicate, CandidateScorer test, int nTest) {
        if (!tiltedPilot()) {
            throw new IllegalStateException("no tilted path: lambda_0 = 0 or moves without the tilt");
        }
        return run(stream, replicate, test, nTest, Double.POSITIVE_INFINITY, true);
    }

    private ReplicateRun run(CounterRng stream, int replicate, CandidateScorer test, int nTest, double maxSeconds,
                             boolean onlyTilted) {
        long t0 = System.nanoTime();
        long deadline = maxSeconds >= 9e9 ? Long.MAX_VALUE : t0 + (long) (maxSeconds * 1e9);
        ParticleMoves scanner = layout.newMoves();
        Run pilot = null;
        if (tiltedPilot()) {
            // The tilted path's pilot on streams of its own; the measured run takes the path whose pilot found
            // more mass (a choice made before, and independent of, the measured run).
            pilot = new Run(scanner, stream.child(4), stream.child(5), settings.outputTilt(), null, deadline);
            pilot.go();
        }
        if (!onlyTilted && (pilot == null || pilot.stopped < 0)) {
            // The plain pilot's running ln Z-hat never rises, so once it is below the tilted pilot's final
            // estimate the plain path cannot win, and it stops there (the choice is the one its end would give).
            double floor = pilot != null && pilot.died < 0 ? pilot.logEvidence : Double.NEGATIVE_INFINITY;
            Run plain = new Run(scanner, stream.child(0), stream.child(2), 0, null, deadline);
            plain.go(floor);
            if (pilot == null || plain.stopped >= 0 || !(pilot.died < 0 && (plain.died >= 0 || plain.belowFloor
                    || pilot.logEvidence > plain.logEvidence))) {
                pilot = plain;
            }
        }
        Run measured = new Run(scanner, stream.child(1), stream.child(3), pilot.lambda0, pilot.targets, deadline);
        if (pilot.stopped >= 0) {
            // No schedule to measure on: stopped at the measured run's step 0, with Z_0 = 1 as its estimate.
            measured.stopped = 0;
        } else {
            measured.go();
        }
        if (measured.stopped >= 0) {
            // Z_(beta, lambda) >= p e^(-lambda K) (k <= K), so ln Z-hat + lambda K, capped at 0, is a high estimate.
            double high = Math.min(0, measured.logEvidence + measured.lambda * tilted.length);
            return new ReplicateRun(layout.n(), replicate, settings.particles(), Double.NEGATIVE_INFINITY, -1,
                    measured.steps, new long[nTest + 1], scanner.fallbacks(), (System.nanoTime() - t0) / 1e9,
                    measured.stopped, high);
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
        /** The path's tilt at beta = 0 (0: the plain path). */
        final double lambda0;
        double[][] particles;
        final int[] excess;
        final SplittableRandom random;
        /** The pilot's targets {beta, lambda} in order, replayed by the measured run (null: the pilot). */
        final List<double[]> schedule;
        final List<double[]> targets = new ArrayList<>();
        final List<TemperingStep> steps = new ArrayList<>();
        double logEvidence;
        /** The tilt of the last target reached (lambda_0 from the start, 0 at the end). */
        double lambda;
        int died = -1;
        /** The step the time budget stopped the run at (-1: not stopped). */
        int stopped = -1;
        /** Whether the run stopped because its ln Z-hat fell below the floor given to {@link #go(double)}. */
        boolean belowFloor;
        final long deadline;

        Run(ParticleMoves scanner, CounterRng drawStream, CounterRng randomStream, double lambda0,
            List<double[]> schedule, long deadline) {
            this.scanner = scanner;
            this.deadline = deadline;
            this.schedule = schedule;
            this.lambda0 = lambda0;
            this.random = new SplittableRandom(randomStream.word(0));
            CandidateWeights draws = new CandidateWeights(layout.architecture(), prior, drawStream);
            this.particles = new double[n][layout.parameters()];
            this.excess = new int[n];
            if (lambda0 > 0) {
                logEvidence = tiltedStart();
                lambda = lambda0;
            }
            for (int i = 0; i < n; i++) {
                draws.fill(i, particles[i], 0);
                if (lambda0 > 0) {
                    redrawOutputWeights(particles[i]);
                }
                excess[i] = Math.max(0, scanner.load(particles[i]) - layout.maxTrainErrors());
            }
        }

        /**
         * ln Z_(0, lambda_0) = K ln((z + (L - z) e^-lambda_0) / L), the exact normalizer of the tilted prior
         * (z of the prior's L equally likely levels are 0; K tilted output weights): a product over
         * independent coordinates.
         */
        double tiltedStart() {
            double[] levels = prior.levels();
            long zeros = Arrays.stream(levels).filter(v -> v == 0).count();
            return tilted.length * Math.log((zeros + (levels.length - zeros) * Math.exp(-lambda0)) / levels.length);
        }

        /**
         * Redraws each tilted output weight exactly from the tilted prior: level v with weight
         * e^-(lambda_0 [v != 0]).
         */
        void redrawOutputWeights(double[] particle) {
            double[] levels = prior.levels();
            double[] weight = new double[levels.length];
            double total = 0;
            for (int l = 0; l < levels.length; l++) {
                weight[l] = levels[l] == 0 ? 1 : Math.exp(-lambda0);
                total += weight[l];
            }
            for (int q : tilted) {
                double u = random.nextDouble() * total;
                int l = 0;
                while (l < levels.length - 1 && u >= weight[l]) {
                    u -= weight[l];
                    l++;
                }
                particle[q] = levels[l];
            }
        }

        /** k(theta) of particle i: its non-zero tilted output weights. */
        int active(int i) {
            int k = 0;
            for (int q : tilted) {
                k += particles[i][q] != 0 ? 1 : 0;
            }
            return k;
        }

        void go() {
            go(Double.NEGATIVE_INFINITY);
        }

        /**
         * Runs to the end, or stops (with {@link #belowFloor}) after the first step whose ln Z-hat is below
         * {@code floor}; on the plain path ln Z-hat never rises (every weight is at most 1), so its end would
         * be below the floor too.
         */
        void go(double floor) {
            double beta = 0;
            for (int t = 0; beta != Double.POSITIVE_INFINITY || lambda != 0; t++) {
                if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                    stopped = t;
                    return;
                }
                // The measured run follows the pilot's targets and ends at (infinity, 0) (also where the pilot
                // died); the pilot is cut there after maxSteps.
                double[] target = schedule != null ? (t < schedule.size() ? schedule.get(t)
                        : new double[] {Double.POSITIVE_INFINITY, 0})
                        : t + 1 >= settings.maxSteps() ? new double[] {Double.POSITIVE_INFINITY, 0}
                        : beta != Double.POSITIVE_INFINITY ? new double[] {chooseNext(beta), lambda}
                        : new double[] {beta, chooseTilt()};
                double next = target[0];
                double nextLambda = target[1];
                double delta = next == beta ? 0 : next - beta;
                double deltaLambda = nextLambda - lambda;
                int eMin = Integer.MAX_VALUE;
                for (int e : excess) {
                    eMin = Math.min(eMin, e);
                }
                // Tilt weights exp(-(lambda' - lambda) (k - kRef)), kRef the least k when lambda grows, the
                // largest when it falls, so that no weight overflows.
                int[] k = new int[n];
                int kRef = deltaLambda > 0 ? Integer.MAX_VALUE : 0;
                for (int i = 0; i < n && deltaLambda != 0; i++) {
                    k[i] = active(i);
                    kRef = deltaLambda > 0 ? Math.min(kRef, k[i]) : Math.max(kRef, k[i]);
                }
                double[] weight = new double[n];
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    weight[i] = next == Double.POSITIVE_INFINITY ? (excess[i] == 0 ? 1 : 0)
                            : Math.exp(-delta * (excess[i] - eMin));
                    if (deltaLambda != 0) {
                        weight[i] *= Math.exp(-deltaLambda * (k[i] - kRef));
                    }
                    sum += weight[i];
                }
                if (sum == 0) {
                    died = t;
                    return;
                }
                double logR = (next == Double.POSITIVE_INFINITY ? 0 : -delta * eMin) + Math.log(sum / n);
                if (deltaLambda != 0) {
                    logR -= deltaLambda * kRef;
                }
                logEvidence += logR;
                if (logEvidence < floor) {
                    belowFloor = true;
                    return;
                }
                resample(weight, sum);
                int distinct = distinct();
                long draws0 = scanner.draws();
                long changes0 = scanner.changes();
                for (int i = 0; i < n; i++) {
                    for (int s = 0; s < settings.moves(); s++) {
                        excess[i] = Math.max(0, scanner.sweep(particles[i], next, nextLambda, random)
                                - layout.maxTrainErrors());
                    }
                }
                long drawn = scanner.draws() - draws0;
                double acceptance = drawn == 0 ? Double.NaN : (double) (scanner.changes() - changes0) / drawn;
                beta = next;
                lambda = nextLambda;
                targets.add(target);
                steps.add(new TemperingStep(t, next, nextLambda, logR, logEvidence, distinct, acceptance));
            }
        }

        /**
         * The pilot's next tilt at beta = infinity (lambda &gt; 0): 0 if the weights exp((lambda - lambda') k)
         * keep essFraction N effective particles going there, else the lambda' that keeps that many (by
         * bisection).
         */
        double chooseTilt() {
            int[] k = new int[n];
            int kMax = 0;
            for (int i = 0; i < n; i++) {
                k[i] = active(i);
                kMax = Math.max(kMax, k[i]);
            }
            double target = settings.essFraction() * n;
            if (ess(k, -lambda, kMax) >= target) {
                return 0;
            }
            double lo = 0;
            double hi = lambda;
            for (int i = 0; i < 60; i++) {
                double mid = 0.5 * (lo + hi);
                if (ess(k, -mid, kMax) >= target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return lambda - Math.max(lo, 1e-6 * lambda0);
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
            return ess(excess, delta, eMin);
        }

        /** The effective sample size (sum w)^2 / sum w^2 of w_i = exp(-delta (u_i - ref)). */
        double ess(int[] u, double delta, int ref) {
            double s = 0;
            double s2 = 0;
            for (int e : u) {
                double w = Math.exp(-delta * (e - ref));
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
