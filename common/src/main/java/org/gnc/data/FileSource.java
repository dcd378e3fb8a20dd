package org.gnc.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Opens data files by location: an absolute local path, or a URI with a scheme. The core's
 * {@link #local()} source reads local paths and {@code file:} URIs; spark-jobs supplies one that
 * reads any Hadoop file system (HDFS, S3A, ...) and the CLI passes it to the loader in
 * {@link DataSources}. Implementations are stateless or thread-safe.
 */
@FunctionalInterface
public interface FileSource {

    /**
     * Opens the file for reading; the caller closes the stream. A missing file is a
     * {@link java.nio.file.NoSuchFileException} or {@link java.io.FileNotFoundException}.
     */
    InputStream open(String location) throws IOException;

    /**
     * The location as a URI: itself when it has a scheme ({@code hdfs://nn/x}, {@code file:/x}), else the
     * local file it names ({@code file:/...}), so that a path never lands on a cluster's default file system.
     */
    static URI uri(String location) {
        return Local.SCHEME.matcher(location).matches() ? URI.create(location) : Path.of(location).toUri();
    }

    /** Local paths and {@code file:} URIs; any other scheme is a {@link DataException} saying what reads it. */
    static FileSource local() {
        return Local.INSTANCE;
    }

    /** The local file system. */
    final class Local implements FileSource {
        static final Local INSTANCE = new Local();
        private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):.*");

        private Local() {
        }

        @Override
        public InputStream open(String location) throws IOException {
            var m = SCHEME.matcher(location);
            if (m.matches() && !m.group(1).equalsIgnoreCase("file")) {
                throw new DataException(location + ": the scheme " + m.group(1) + ": needs a Hadoop file system;"
                        + " bin/gnc reads any Hadoop URI, the core alone reads local paths and file: URIs");
            }
            Path p = m.matches() ? Path.of(URI.create(location)) : Path.of(location);
            return Files.newInputStream(p);
        }
    }
}
