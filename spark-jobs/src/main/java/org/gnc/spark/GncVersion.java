package org.gnc.spark;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** gnc's version and the git commit it was built from (null when the build had no git checkout). */
public record GncVersion(String version, String gitCommit) {

    /** Read from the properties the build wrote into the jar. */
    public static GncVersion current() {
        Properties p = new Properties();
        try (InputStream in = GncVersion.class.getResourceAsStream("/org/gnc/gnc-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Unknown version, reported as such below.
        }
        String version = p.getProperty("version", "unknown");
        String commit = p.getProperty("git.commit", "");
        boolean known = commit.matches("[0-9a-f]{7,40}");
        return new GncVersion(version.startsWith("${") ? "unknown" : version, known ? commit : null);
    }
}
