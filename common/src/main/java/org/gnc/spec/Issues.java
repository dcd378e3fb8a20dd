package org.gnc.spec;

import java.util.ArrayList;
import java.util.List;

/** Problems found while reading one config tree; unknown-key problems are flagged (see grid checks). */
final class Issues {

    /** One problem; {@code unknownKey} marks "this key is not a setting". */
    record Issue(String keyPath, String message, boolean unknownKey) {
        SpecException.Problem problem() {
            return new SpecException.Problem(keyPath, message);
        }
    }

    private final List<Issue> list = new ArrayList<>();

    void add(String keyPath, String message) {
        list.add(new Issue(keyPath, message, false));
    }

    void unknown(String keyPath, String message) {
        list.add(new Issue(keyPath, message, true));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<Issue> list() {
        return list;
    }
}
