package org.gnc.bench;

import java.nio.file.Path;
import java.util.List;
import org.gnc.sample.PreparedSweep;
import org.gnc.spark.Sessions;
import org.gnc.spark.SweepJob;
import org.gnc.spark.tables.OutputFolder;

/**
 * Candidates per second of the full Spark sweep job on a workload's cell in its steady state, after
 * a warm-up job of a fifth of the candidates: a job with a candidate budget (so every round runs
 * full-size shards of the cell's default size), counted over its rounds after the first quarter (the
 * candidates those rounds scanned over their wall time). The whole job's sampling rate and its
 * end-to-end time, Parquet tables included, come with it. The session is stopped afterwards when
 * this class started it.
 */
public final class SparkJobBench {
    /** A time budget no timed job reaches, so its candidate budget ends it. */
    private static final double NO_TIME_LIMIT = 1e6;

    /**
     * One timed job.
     *
     * @param master            the session's master
     * @param slots             its task slots (default parallelism)
     * @param rounds            the job's rounds
     * @param steadyRounds      the rounds counted as steady state (all after the first quarter)
     * @param steadyCandPerS    candidates the steady rounds scanned over their wall time
     * @param samplingSeconds   the job's sampling time
     * @param endToEndSeconds   the job's whole time, writing the tables included
     * @param shards            shards the cell ran
     * @param candidatesCounted candidates counted towards the cell's result
     * @param candidatesScanned candidates the shards scanned
     */
    public record Run(String master, int slots, int rounds, int steadyRounds, double steadyCandPerS,
                      double samplingSeconds, double endToEndSeconds, int shards, long candidatesCounted,
                      long candidatesScanned) {
        /** Counted candidates per second of the whole job's sampling. */
        public double wholeJobCandPerS() {
            return candidatesCounted / samplingSeconds;
        }

        /** Counted candidates per second of the whole job, end to end. */
        public double endToEndCandPerS() {
            return candidatesCounted / endToEndSeconds;
        }

        /** The first steady round, counting from 1. */
        public int firstSteadyRound() {
            return rounds - steadyRounds + 1;
        }
    }

    private SparkJobBench() {
    }

    /**
     * Times the Spark job on {@code workload} with about {@code candidates} candidates on a session
     * with {@code master} (when bench starts the session) and shards of {@code shardSize}, writing its tables
     * under {@code tmp/folder}.
     */
    public static Run run(BenchWorkload workload, String master, String logLevel, long candidates, long shardSize,
                          Path tmp, String folder) {
        try (Sessions session = Sessions.start("gnc bench", master, logLevel)) {
            int slots = session.spark().sparkContext().defaultParallelism();
            // Whole rounds: SweepJob runs 2 shards per task slot per round, so a partial last round
            // would leave cores idle (a budget below one round, as in short runs, is kept as it is).
            long round = 2L * slots * shardSize;
            if (candidates >= round) {
                candidates = Math.round((double) candidates / round) * round;
            }
            PreparedSweep warmUp = PreparedSweep.of(workload.spec(candidates / 5, NO_TIME_LIMIT));
            job(session, warmUp, shardSize, tmp.resolve(folder + "-warmup"));
            PreparedSweep timed = PreparedSweep.of(workload.spec(candidates, NO_TIME_LIMIT));
            long t0 = System.nanoTime();
            SweepJob.Outcome o = job(session, timed, shardSize, tmp.resolve(folder));
            double elapsed = (System.nanoTime() - t0) / 1e9;
            SweepJob.CellOutcome cell = o.cells().get(0);
            long scanned = cell.shards().stream().mapToLong(s -> s.result().candidates()).sum();
            // Steady state: the rounds after the job's first quarter, whose tasks were measured slower
            // while a new job's samplers, results and JIT settle (by up to a fifth on 2 busy cores).
            List<SweepJob.Round> rounds = o.rounds();
            List<SweepJob.Round> steady = rounds.subList(rounds.size() / 4, rounds.size());
            double steadySeconds = steady.stream().mapToDouble(SweepJob.Round::seconds).sum();
            long steadyCandidates = steady.stream().mapToLong(SweepJob.Round::candidates).sum();
            return new Run(session.spark().sparkContext().master(), slots, rounds.size(), steady.size(),
                    steadyCandidates / steadySeconds, o.samplingSeconds(), elapsed, cell.shards().size(),
                    cell.result().tally().attempts(), scanned);
        }
    }

    /** The sweep job on {@code sweep} with shards of {@code shardSize}, writing its tables to {@code out}. */
    private static SweepJob.Outcome job(Sessions session, PreparedSweep sweep, long shardSize, Path out) {
        return SweepJob.run(session.spark(), sweep, OutputFolder.prepare(out.toString(), false,
                session.spark().sparkContext().hadoopConfiguration()),
                new SweepJob.Options(shardSize, 0, null, false));
    }
}
