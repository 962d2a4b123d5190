package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * HTTP basic authentication credentials; {@link #NONE} when not configured.
 *
 * @param username the user name; empty when not configured
 * @param password the password; {@link Secret#NONE} when not configured
 */
public record BasicAuth(String username, Secret password) implements Serializable {

    /** No basic authentication. */
    public static final BasicAuth NONE = new BasicAuth("", Secret.NONE);

    public BasicAuth {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Whether credentials are configured (a validated configuration has both or neither). */
    public boolean isConfigured() {
        return !username.isEmpty();
    }
}
