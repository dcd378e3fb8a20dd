package org.gnc.data;

import org.gnc.input.InputException;

/** Bad input data: the message names the file (and line, where there is one) and what was expected. */
public final class DataException extends InputException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
