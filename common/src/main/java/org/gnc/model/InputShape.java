package org.gnc.model;

/**
 * The shape of one input, channels x height x width, stored channel-major then row-major (value
 * (c, r, k) at index (c * height + r) * width + k). A flat vector of d features is 1 x 1 x d, so
 * every input has a shape and {@link #size()} is its dimension.
 */
public record InputShape(int channels, int height, int width) implements java.io.Serializable {

    public InputShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("an input shape needs channels, height and width >= 1, got "
                    + channels + " x " + height + " x " + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an input of " + channels + " x " + height + " x " + width
                    + " values is too large");
        }
    }

    /** The shape of a flat vector of {@code dim} features: 1 x 1 x dim. */
    public static InputShape flat(int dim) {
        return new InputShape(1, 1, dim);
    }

    /** channels * height * width. */
    public int size() {
        return channels * height * width;
    }

    /** True for 1 x 1 x d, a vector without image structure. */
    public boolean isFlat() {
        return channels == 1 && height == 1;
    }

    /** "1x28x28". */
    public String label() {
        return channels + "x" + height + "x" + width;
    }
}
