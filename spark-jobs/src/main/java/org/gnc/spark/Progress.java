package org.gnc.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One line of progress while a job runs: for a sweep, cells done out of the total, candidates per second
 * and accepted so far; for other jobs, a status line of their own ({@link #of}); each followed by the time
 * elapsed. On a terminal the line is redrawn in place every second; otherwise a log line is printed every
 * {@code logPeriodMillis}.
 */
public final class Progress implements AutoCloseable {
    private final PrintWriter out;
    private final boolean terminal;
    private final long periodMillis;
    private final long start = System.nanoTime();
    private final AtomicInteger cellsDone = new AtomicInteger();
    /** The line's status part, given the seconds elapsed. */
    private final java.util.function.DoubleFunction<String> status;
    private final Thread thread;

    /** A sweep's progress: cells done out of {@code totalCells}, the candidates' rate and the acceptances. */
    public Progress(PrintWriter out, boolean terminal, int totalCells, LongSupplier candidates,
                    LongSupplier accepted, long logPeriodMillis) {
        this(out, terminal, logPeriodMillis, null, totalCells, candidates, accepted);
    }

    private Progress(PrintWriter out, boolean terminal, long logPeriodMillis, Supplier<String> other, int totalCells,
                     LongSupplier candidates, LongSupplier accepted) {
        this.out = out;
        this.terminal = terminal;
        this.periodMillis = terminal ? 1000 : logPeriodMillis;
        this.status = other != null ? seconds -> other.get()
                : seconds -> String.format(Locale.ROOT, "cells %d/%d done | %s candidates/s | %,d accepted",
                        cellsDone.get(), totalCells, rate(candidates.getAsLong() / Math.max(seconds, 1e-9)),
                        accepted.getAsLong());
        this.thread = new Thread(this::loop, "gnc-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A job's progress with a status line of its own ({@code status} is called from the progress thread). */
    public static Progress of(PrintWriter out, boolean terminal, Supplier<String> status, long logPeriodMillis) {
        return new Progress(out, terminal, logPeriodMillis, status, 0, null, null);
    }

    public void cellsDone(int n) {
        cellsDone.set(n);
    }

    /** The progress line as it reads now. */
    public String line() {
        double seconds = (System.nanoTime() - start) / 1e9;
        return status.apply(seconds) + " | " + clock(seconds);
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(periodMillis);
                print();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void print() {
        if (terminal) {
            out.print("\r" + line() + "   ");
        } else {
            out.println("gnc: " + line());
        }
        out.flush();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print();
        if (terminal) {
            out.println();
        }
    }

    static String rate(double perSecond) {
        if (perSecond >= 1e9) {
            return String.format(Locale.ROOT, "%.2f G", perSecond / 1e9);
        }
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    static String clock(double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
