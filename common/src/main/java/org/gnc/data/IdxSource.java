package org.gnc.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the data loader gets IDX files, parsed: {@link #through} parses a file each time it is asked
 * for; {@link #once} parses each location once and hands the same (immutable) {@link IdxFile} to every
 * later request, which is what a sweep over many data specs of one file needs (a 60-seed grid of
 * Fashion-MNIST would otherwise gunzip and check its 47 MB of training images 60 times). A location's
 * failure is not kept: it is raised to each request.
 */
@FunctionalInterface
public interface IdxSource {
    /** The parsed file at {@code location}; a {@link DataException} naming it when it cannot be read. */
    IdxFile read(String location);

    /** Parses each request through {@code files}. */
    static IdxSource through(FileSource files) {
        return location -> IdxFile.read(location, files);
    }

    /** Parses each location through {@code files} once, for as long as the returned source is kept. */
    static IdxSource once(FileSource files) {
        Map<String, IdxFile> parsed = new ConcurrentHashMap<>();
        return location -> parsed.computeIfAbsent(location, l -> IdxFile.read(l, files));
    }
}
