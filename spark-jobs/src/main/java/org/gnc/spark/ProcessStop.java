package org.gnc.spark;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import sun.misc.Signal;

/**
 * How a gnc process stops when something outside its main thread ends it: SIGTERM, SIGINT, or a fatal
 * error ({@link Error}: {@code OutOfMemoryError} and the like) in any other thread, such as Spark's
 * scheduler loop. This is process state by nature (signals and threads are the process's), so it is
 * held here once, and only {@code Gnc.main} {@linkplain #install installs} it; in-process callers
 * (tests, notebooks) never do.
 *
 * <p>Guarantees, once installed:
 * <ul>
 *   <li>The first stop request wins and is {@link #requested() kept}: the {@link RunWriter} of the run
 *       in progress records it as the cause of its {@code failed} runs row, and the process exits with
 *       its code: 143 (SIGTERM), 130 (SIGINT), 1 (fatal error).</li>
 *   <li>On a request while Spark runs, every Spark job is cancelled and the main thread interrupted, so
 *       that the run fails where it is: a sweep's finished shards in its checkpoint are kept, what the run
 *       staged is discarded. A signal while Spark does not run (before it starts, or a command without Spark) exits
 *       at once, running the shutdown hooks, as the JVM's own handler would.</li>
 *   <li>Never a hang: {@link #exit} ends the process at most {@value #GRACE_SECONDS} s after a stop
 *       was requested or exit was asked (a halt with the same code when shutdown or the failed row
 *       cannot finish, e.g. when the scheduler thread died); a second signal halts at once.</li>
 * </ul>
 */
public final class ProcessStop {
    /** Why the process was stopped from outside its main thread, the message its runs row records, and the exit code. */
    public record Reason(String message, int exitCode) {
    }

    /** Seconds a stopping process has to end by itself before it is halted. */
    public static final long GRACE_SECONDS = 30;
    /** Exit code after a fatal error. */
    public static final int FATAL = 1;

    private static final AtomicReference<Reason> REQUESTED = new AtomicReference<>();

    private ProcessStop() {
    }

    /**
     * Makes SIGTERM, SIGINT and fatal errors in other threads stop this process as described above;
     * {@code main} is the thread running the command, {@code err} where the one-line cause goes.
     */
    public static void install(Thread main, PrintStream err) {
        for (String[] signal : new String[][] {{"TERM", "143"}, {"INT", "130"}}) {
            try {
                Signal.handle(new Signal(signal[0]), s -> request(
                        new Reason("interrupted by SIG" + signal[0], Integer.parseInt(signal[1])), main, err));
            } catch (IllegalArgumentException ignoredByParent) {
                // The JVM refuses a signal its parent made this process ignore (SIGINT in a background job).
            }
        }
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof Error && thread != main) {
                request(new Reason("fatal error in thread " + thread.getName() + ": " + oneLine(e), FATAL), main, err);
            } else if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                thread.getThreadGroup().uncaughtException(thread, e);
            }
        });
    }

    /** The stop requested so far, if any. */
    public static Optional<Reason> requested() {
        return Optional.ofNullable(REQUESTED.get());
    }

    /**
     * Exits the process with {@code code}, or with the requested stop's code when there is one; if
     * shutdown does not finish within {@value #GRACE_SECONDS} s, halts with the same code.
     */
    public static void exit(int code) {
        int exitCode = requested().map(Reason::exitCode).orElse(code);
        haltLater(exitCode, null);
        System.exit(exitCode);
    }

    /** The cause of a failure in one line: the innermost cause's type and message. */
    public static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return msg.lines().findFirst().orElse(msg);
    }

    private static void request(Reason reason, Thread main, PrintStream err) {
        if (!REQUESTED.compareAndSet(null, reason)) {
            if (reason.exitCode() != FATAL) {
                err.println("gnc: " + reason.message() + " again: stopping now");
                Runtime.getRuntime().halt(REQUESTED.get().exitCode());
            }
            return;
        }
        SparkSession spark = SparkSession.getDefaultSession().getOrElse(() -> null);
        if (spark == null || spark.sparkContext().isStopped()) {
            if (reason.exitCode() != FATAL) {
                // No run to stop cleanly: exit as the JVM would on this signal (its shutdown hooks run).
                exit(reason.exitCode());
            }
        } else {
            err.println("gnc: " + reason.message() + "; stopping");
            try {
                spark.sparkContext().cancelAllJobs();
            } catch (RuntimeException e) {
                // The jobs end with the process at the latest.
            }
        }
        haltLater(reason.exitCode(), err);
        main.interrupt();
    }

    /** Halts with {@code code} after the grace period, unless the process has ended by then. */
    private static void haltLater(int code, PrintStream err) {
        Thread t = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(GRACE_SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (err != null) {
                err.println("gnc: did not stop within " + GRACE_SECONDS + " s; halting");
            }
            Runtime.getRuntime().halt(code);
        }, "gnc-halt-after-grace");
        t.setDaemon(true);
        t.start();
    }
}
