package org.gnc.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One line of progress while a sweep runs: cells done out of the total, candidates per second and
 * accepted so far. On a terminal the line is redrawn in place every second; otherwise a log line is
 * printed every {@code logPeriodMillis}.
 */
public final class Progress implements AutoCloseable {
    private final PrintWriter out;
    private final boolean terminal;
    private final int totalCells;
    private final LongSupplier candidates;
    private final LongSupplier accepted;
    private final long periodMillis;
    private final long start = System.nanoTime();
    private final AtomicInteger cellsDone = new AtomicInteger();
    private final Thread thread;

    public Progress(PrintWriter out, boolean terminal, int totalCells, LongSupplier candidates,
                    LongSupplier accepted, long logPeriodMillis) {
        this.out = out;
        this.terminal = terminal;
        this.totalCells = totalCells;
        this.candidates = candidates;
        this.accepted = accepted;
        this.periodMillis = terminal ? 1000 : logPeriodMillis;
        this.thread = new Thread(this::loop, "gnc-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public void cellsDone(int n) {
        cellsDone.set(n);
    }

    /** The progress line as it reads now. */
    public String line() {
        double seconds = (System.nanoTime() - start) / 1e9;
        long c = candidates.getAsLong();
        return String.format(Locale.ROOT, "cells %d/%d done | %s candidates/s | %,d accepted | %s",
                cellsDone.get(), totalCells, rate(c / Math.max(seconds, 1e-9)), accepted.getAsLong(),
                clock(seconds));
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
