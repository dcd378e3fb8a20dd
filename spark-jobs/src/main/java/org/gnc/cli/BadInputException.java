package org.gnc.cli;

import org.gnc.input.InputException;

/** A command line the user must fix (an option out of range, an unknown name; exit code 2): the message says what. */
public final class BadInputException extends InputException {
    public BadInputException(String message) {
        super(message);
    }
}
