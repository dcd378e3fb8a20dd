package org.gnc.cli;

/** Input the user must fix (exit code 2); the message says what and where. */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }
}
