package org.gnc.input;

/**
 * Input the user must fix: a config, a data file, an output folder or a command line that cannot be
 * used. The message says what is wrong and where, in words meant to be shown as they are; a front end
 * catches this one type to report bad input (gnc exits with code 2) and treats anything else as a
 * failure. Each kind of input has its own subtype (the sweep spec's {@code SpecException}, the data's
 * {@code DataException}, and above the core the output folder's and the command line's).
 */
public abstract class InputException extends RuntimeException {
    protected InputException(String message) {
        super(message);
    }

    protected InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
