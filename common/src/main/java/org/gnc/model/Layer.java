package org.gnc.model;

/**
 * One hidden layer of a student's stack, read on an input of a known {@link InputShape}
 * (channels x height x width, channel-major). The output layer is implicit and not a {@code Layer}
 * ({@link Architecture}). Each kind says what it needs of its input ({@link #problem}), the shape it
 * produces ({@link #outputShape}) and its number of parameters; the forward pass of all of them is
 * {@link Architecture#output}, the one definition. Immutable.
 */
public sealed interface Layer extends java.io.Serializable
        permits Layer.Conv, Layer.Pool, Layer.Flatten, Layer.Dense {

    /** The name of this layer's kind in configs: conv, max-pool, avg-pool, flatten, dense. */
    String kind();

    /** A short token for labels and tables: "c6k5" (with "s2", "p1" when not 1 and 0), "m2", "a2", "f", "16". */
    String label();

    /**
     * What is wrong with this layer on an input of shape {@code in}, or null when it fits: the key at
     * fault (such as "kernel") and the message.
     */
    Problem problem(InputShape in);

    /** The shape of this layer's output on {@code in}; {@link #problem} must be null. */
    InputShape outputShape(InputShape in);

    /** The number of weights and biases of this layer on {@code in} ({@code bias}: with biases). */
    long parameterCount(InputShape in, boolean bias);

    /**
     * This layer with its width (channels or units) scaled: max(1, floor(width * factor)), the peers' LeNet
     * rule {@code int(6 w)} (so 0.5 gives 3, 8, 60, 42 from 6, 16, 120, 84); other layers as they are.
     */
    Layer scaled(double factor);

    /** A problem with one key of a layer, named in error messages as {@code layers[i].key}. */
    record Problem(String key, String message) {
    }

    /** A width scaled by a multiplier: max(1, floor(width * factor)), in double arithmetic. */
    static int scale(int width, double factor) {
        double w = Math.floor(width * factor);
        if (w > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("width " + width + " x " + factor + " is too large");
        }
        return (int) Math.max(1, w);
    }

    /**
     * A 2-D convolution with {@code channels} output channels, a square {@code kernel} x {@code kernel}
     * window, {@code stride} and zero {@code padding} on every side: on an input C x H x W it gives
     * channels x H' x W' with H' = floor((H + 2 padding - kernel) / stride) + 1 (W' alike). Parameters:
     * the kernel tensor [channels][C][kernel][kernel] row-major, then {@code channels} biases when the
     * network has biases.
     */
    record Conv(int channels, int kernel, int stride, int padding) implements Layer {
        public Conv {
            if (channels < 1 || kernel < 1 || stride < 1 || padding < 0) {
                throw new IllegalArgumentException("a conv layer needs channels, kernel and stride >= 1 and padding"
                        + " >= 0, got " + channels + ", " + kernel + ", " + stride + ", " + padding);
            }
        }

        @Override public String kind() {
            return "conv";
        }

        @Override public String label() {
            return "c" + channels + "k" + kernel + (stride != 1 ? "s" + stride : "")
                    + (padding != 0 ? "p" + padding : "");
        }

        @Override public Problem problem(InputShape in) {
            if (kernel > in.height() + 2 * padding || kernel > in.width() + 2 * padding) {
                return new Problem("kernel", "is " + kernel + ", larger than this layer's input " + in.label()
                        + (padding > 0 ? " padded by " + padding + " on each side" : "")
                        + " (channels x height x width)");
            }
            return null;
        }

        @Override public InputShape outputShape(InputShape in) {
            return new InputShape(channels, (in.height() + 2 * padding - kernel) / stride + 1,
                    (in.width() + 2 * padding - kernel) / stride + 1);
        }

        @Override public long parameterCount(InputShape in, boolean bias) {
            return (long) channels * in.channels() * kernel * kernel + (bias ? channels : 0);
        }

        @Override public Layer scaled(double factor) {
            return new Conv(scale(channels, factor), kernel, stride, padding);
        }
    }

    /**
     * A pool over non-overlapping {@code size} x {@code size} windows of each channel (stride = size): the
     * largest value of each window ({@code MAX}, config kind max-pool) or their mean ({@code AVG},
     * avg-pool). On C x H x W it gives C x H/size x W/size, and needs size to divide H and W. No parameters.
     */
    record Pool(Reduction reduction, int size) implements Layer {
        /** How a pool reduces a window: its largest value, or its mean. */
        public enum Reduction {
            MAX("max-pool", "m"), AVG("avg-pool", "a");

            private final String kind;
            private final String token;

            Reduction(String kind, String token) {
                this.kind = kind;
                this.token = token;
            }
        }

        public Pool {
            if (size < 1) {
                throw new IllegalArgumentException("a pool size must be >= 1, got " + size);
            }
        }

        /** A max-pool of this size. */
        public static Pool max(int size) {
            return new Pool(Reduction.MAX, size);
        }

        /** An avg-pool of this size. */
        public static Pool avg(int size) {
            return new Pool(Reduction.AVG, size);
        }

        @Override public String kind() {
            return reduction.kind;
        }

        @Override public String label() {
            return reduction.token + size;
        }

        @Override public Problem problem(InputShape in) {
            if (in.height() % size != 0 || in.width() % size != 0) {
                return new Problem("size", "is " + size + ", which does not divide this layer's input " + in.label()
                        + " (channels x height x width; a pool's stride is its size, so both must be multiples of it)");
            }
            return null;
        }

        @Override public InputShape outputShape(InputShape in) {
            return new InputShape(in.channels(), in.height() / size, in.width() / size);
        }

        @Override public long parameterCount(InputShape in, boolean bias) {
            return 0;
        }

        @Override public Layer scaled(double factor) {
            return this;
        }
    }

    /** C x H x W read as the flat vector 1 x 1 x CHW (channel-major, so the values do not move). */
    record Flatten() implements Layer {
        @Override public String kind() {
            return "flatten";
        }

        @Override public String label() {
            return "f";
        }

        @Override public Problem problem(InputShape in) {
            return null;
        }

        @Override public InputShape outputShape(InputShape in) {
            return InputShape.flat(in.size());
        }

        @Override public long parameterCount(InputShape in, boolean bias) {
            return 0;
        }

        @Override public Layer scaled(double factor) {
            return this;
        }
    }

    /**
     * A fully connected layer of {@code units} on a flat input of d values: the units x d matrix
     * row-major, then {@code units} biases when the network has biases.
     */
    record Dense(int units) implements Layer {
        public Dense {
            if (units < 1) {
                throw new IllegalArgumentException("a dense layer needs units >= 1, got " + units);
            }
        }

        @Override public String kind() {
            return "dense";
        }

        @Override public String label() {
            return Integer.toString(units);
        }

        @Override public Problem problem(InputShape in) {
            return in.isFlat() ? null : new Problem("kind", "is dense on an input of shape " + in.label()
                    + "; put { kind = flatten } before it");
        }

        @Override public InputShape outputShape(InputShape in) {
            return InputShape.flat(units);
        }

        @Override public long parameterCount(InputShape in, boolean bias) {
            return (long) units * in.size() + (bias ? units : 0);
        }

        @Override public Layer scaled(double factor) {
            return new Dense(scale(units, factor));
        }
    }
}
