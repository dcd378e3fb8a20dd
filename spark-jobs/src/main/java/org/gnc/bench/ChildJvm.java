package org.gnc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The same program again in a child JVM with extra JVM options, such as {@code -XX:UseAVX=2
 * -XX:MaxVectorSize=32} to measure AVX2 code on an AVX-512 machine: the java command, JVM options and
 * class path of this JVM (as {@code bin/gnc} started it), then the extra options (later options win
 * in HotSpot), {@code --add-modules jdk.incubator.vector} if this JVM lacks it, the main class and the
 * arguments.
 *
 * <p>Guarantees: the child's standard output is copied line by line to the given writer, its
 * standard error and input are this process's; its exit code (128 + the signal when a signal ended
 * it) is returned; when this JVM shuts down (interrupted, Ctrl-C, SIGTERM) while the child runs, the
 * child is ended and waited for, so no JVM is left behind.
 */
public final class ChildJvm {
    /** The Vector API module the kernels use. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /**
     * The CLI's main class, by name: bench starts {@code gnc} commands in child JVMs and may not depend on
     * the {@code cli} package, which depends on bench.
     */
    static final String GNC_MAIN = "org.gnc.cli.Gnc";

    /** How long a child may take to end after SIGTERM before it is killed. */
    private static final long GRACE_SECONDS = 10;

    private ChildJvm() {
    }

    /** JVM options given as one string, split at white space (no quoting). */
    public static List<String> splitOptions(String options) {
        String trimmed = options.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    /**
     * {@code args} without the option {@code name}: both {@code name value} and {@code name=value}
     * are removed.
     */
    public static List<String> withoutOption(List<String> args, String name) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(name)) {
                i++;
            } else if (!a.startsWith(name + "=")) {
                kept.add(a);
            }
        }
        return kept;
    }

    /**
     * The child's command line: {@code java}, this JVM's options {@code jvmArgs}, {@code extraOptions},
     * the Vector API module unless {@code jvmArgs} already add it, {@code -cp classPath},
     * {@code mainClass} and {@code args}.
     */
    public static List<String> command(String java, List<String> jvmArgs, List<String> extraOptions, String classPath,
                                       String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.addAll(extraOptions);
        if (jvmArgs.stream().noneMatch(a -> a.contains(VECTOR_MODULE))) {
            cmd.add("--add-modules");
            cmd.add(VECTOR_MODULE);
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** {@link #command} for this JVM: its java command, options and class path. */
    public static List<String> commandLikeThisJvm(List<String> extraOptions, String mainClass, List<String> args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return command(java, ManagementFactory.getRuntimeMXBean().getInputArguments(), extraOptions,
                System.getProperty("java.class.path"), mainClass, args);
    }

    /** Runs {@code command}, its output copied to {@code out}; its exit code. */
    public static int run(List<String> command, PrintWriter out) throws IOException, InterruptedException {
        return run(command, out, Redirect.INHERIT);
    }

    /** {@link #run(List, PrintWriter)}, the child's error stream going to {@code error}. */
    public static int run(List<String> command, PrintWriter out, Redirect error) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command).redirectError(error).redirectInput(Redirect.INHERIT).start();
        Thread stopChild = new Thread(() -> stop(child), "gnc-stop-child-jvm");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.println(line);
                out.flush();
            }
            return child.waitFor();
        } finally {
            stop(child);
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops the child
            }
        }
    }

    /** Ends {@code child} if it still runs: SIGTERM, then after a grace period SIGKILL; waits for it. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
