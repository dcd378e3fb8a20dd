package org.gnc.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX file of unsigned bytes (the format of MNIST, Fashion-MNIST, KMNIST and EMNIST), read whole
 * and checked. Gzipped files are recognised by their first two bytes (0x1f 0x8b), not by name.
 *
 * <p>The format: a 4-byte magic number {@code 0x00 0x00 type ndims}, then {@code ndims} big-endian
 * 32-bit sizes, then the values, last index varying fastest. Only type 0x08 (unsigned byte) is read.
 * A file that is not IDX, has another type, ends early or holds more bytes than its header declares
 * is a {@link DataException} naming the location and the problem; nothing is returned from it.
 * Immutable.
 */
public final class IdxFile {
    /** The IDX type code of unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;
    /** The largest number of values read (the largest Java array). */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private final String location;
    private final int[] dims;
    private final byte[] values;
    private final int itemSize;

    private IdxFile(String location, int[] dims, byte[] values) {
        this.location = location;
        this.dims = dims;
        this.values = values;
        int s = 1;
        for (int i = 1; i < dims.length; i++) {
            s *= dims[i];
        }
        this.itemSize = s;
    }

    /** Reads a local file. */
    public static IdxFile read(Path file) {
        return read(file.toString(), FileSource.local());
    }

    /** Reads the file at {@code location} through {@code files}. */
    public static IdxFile read(String location, FileSource files) {
        try (InputStream raw = files.open(location);
             BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16)) {
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            return parse(location, in, gzip);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new DataException(location + ": file not found", e);
        } catch (ZipException | EOFException e) {
            throw new DataException(location + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException(location + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static IdxFile parse(String location, InputStream in, boolean gzip) throws IOException {
        String what = gzip ? " (after gunzip)" : "";
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataException(location + ": not an IDX file: it holds " + magic.length + " bytes" + what
                    + ", fewer than the 4-byte magic number");
        }
        if (magic[0] != 0 || magic[1] != 0 || magic[3] == 0) {
            throw new DataException(location + ": not an IDX file: magic number " + hex(magic) + what
                    + "; IDX files start with 0x00 0x00, a type and a dimension count (0x00000803 for images,"
                    + " 0x00000801 for labels)");
        }
        int type = magic[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new DataException(location + ": IDX element type 0x" + String.format("%02X", type)
                    + " is not supported; gnc reads IDX files of unsigned bytes (type 0x08, magic 0x000008nn)");
        }
        int ndims = magic[3] & 0xff;
        byte[] header = in.readNBytes(4 * ndims);
        if (header.length < 4 * ndims) {
            throw new DataException(location + ": truncated: the header declares " + ndims + " dimensions but the"
                    + " file ends after " + (4 + header.length) + " bytes" + what);
        }
        int[] dims = new int[ndims];
        long total = 1;
        for (int i = 0; i < ndims; i++) {
            long d = ((header[4 * i] & 0xffL) << 24) | ((header[4 * i + 1] & 0xff) << 16)
                    | ((header[4 * i + 2] & 0xff) << 8) | (header[4 * i + 3] & 0xff);
            if (d > Integer.MAX_VALUE) {
                throw new DataException(location + ": dimension " + i + " is " + d + ", more than gnc can hold");
            }
            dims[i] = (int) d;
            total *= Math.max(d, 1);
            if (total > MAX_VALUES) {
                throw new DataException(location + ": the header declares " + shape(dims, i + 1) + "... values,"
                        + " more than " + MAX_VALUES + "; the file is corrupt or too large");
            }
        }
        long size = Arrays.stream(dims).asLongStream().reduce(1, (a, b) -> a * b);
        long offset = 4L + 4L * ndims;
        byte[] values = in.readNBytes((int) size);
        if (values.length < size) {
            throw new DataException(location + ": truncated: the header declares " + shape(dims, ndims) + " = "
                    + size + " values but the file ends after " + values.length + " of them (at byte "
                    + (offset + values.length) + what + ")");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new DataException(location + ": " + extra + " bytes follow the " + shape(dims, ndims) + " = "
                    + size + " values the header declares (from byte " + (offset + size) + what
                    + "); the file is corrupt or its header is wrong");
        }
        return new IdxFile(location, dims, values);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder("0x");
        for (byte x : b) {
            sb.append(String.format("%02X", x & 0xff));
        }
        return sb.toString();
    }

    private static String shape(int[] dims, int n) {
        return Arrays.stream(dims, 0, n).mapToObj(Integer::toString).collect(Collectors.joining(" x "));
    }

    /** Where the file was read from, as given. */
    public String location() {
        return location;
    }

    /** The sizes of all dimensions, the first being the number of items (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    /** The sizes as text, such as {@code 60000 x 28 x 28}. */
    public String shape() {
        return shape(dims, dims.length);
    }

    /** The number of items: the size of the first dimension. */
    public int count() {
        return dims[0];
    }

    /** Values per item: the product of the sizes after the first (1 for a labels file). */
    public int itemSize() {
        return itemSize;
    }

    /** Value {@code offset} of item {@code item}, as an unsigned byte 0..255. */
    public int value(int item, int offset) {
        return values[item * itemSize + offset] & 0xff;
    }

    /** The raw values without a copy, for readers in this package that do not modify them. */
    byte[] values() {
        return values;
    }

    /** All values as unsigned bytes in file order (a copy; the raw bytes are signed Java bytes). */
    public byte[] rawValues() {
        return values.clone();
    }

    /**
     * This file, checked to have {@code minDims..maxDims} dimensions; otherwise a
     * {@link DataException} naming the file, what it holds and what {@code expected} says it should be.
     */
    public IdxFile requireDims(int minDims, int maxDims, String expected) {
        if (dims.length < minDims || dims.length > maxDims) {
            throw new DataException(location + ": expected " + expected + ", got an IDX file of " + dims.length
                    + " dimension" + (dims.length == 1 ? "" : "s") + " (" + shape() + ")");
        }
        return this;
    }
}
