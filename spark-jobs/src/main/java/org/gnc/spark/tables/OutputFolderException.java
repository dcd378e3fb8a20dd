package org.gnc.spark.tables;

import org.gnc.input.InputException;

/** The output folder cannot be used: the message names it and says what to do. */
public final class OutputFolderException extends InputException {
    public OutputFolderException(String message) {
        super(message);
    }

    public OutputFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
