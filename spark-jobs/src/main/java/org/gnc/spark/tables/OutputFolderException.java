package org.gnc.spark.tables;

import org.gnc.input.InputException;

/**
 * An output folder, or a table in one, cannot be used, to write or to read: the message names it and says
 * what to do.
 */
public final class OutputFolderException extends InputException {
    public OutputFolderException(String message) {
        super(message);
    }

    public OutputFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
