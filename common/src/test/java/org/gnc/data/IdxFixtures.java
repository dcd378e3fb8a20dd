package org.gnc.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests, plain or gzipped. */
final class IdxFixtures {
    private IdxFixtures() {
    }

    /** The bytes of an unsigned-byte IDX file with these dimensions and values. */
    static byte[] idx(int[] dims, byte[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(IdxFile.UNSIGNED_BYTE);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.writeBytes(values);
        return out.toByteArray();
    }

    /** Writes bytes to {@code dir/name}, gzipped when {@code gzip}. */
    static Path write(Path dir, String name, byte[] bytes, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            o.write(bytes);
        }
        return p;
    }

    /** Images n x rows x cols with pixel (i, r, c) = pixel(i, r, c). */
    static byte[] images(int n, int rows, int cols, Pixel pixel) {
        byte[] v = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    v[(i * rows + r) * cols + c] = (byte) pixel.at(i, r, c);
                }
            }
        }
        return idx(new int[] {n, rows, cols}, v);
    }

    /** A labels file. */
    static byte[] labels(int... labels) {
        byte[] v = new byte[labels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) labels[i];
        }
        return idx(new int[] {labels.length}, v);
    }

    /** A pixel value 0..255 of image i at row r, column c. */
    interface Pixel {
        int at(int i, int r, int c);
    }
}
