package io.driftwatch.jobs.config;

import java.util.regex.Pattern;

/**
 * Recognises keys whose values are secrets by their name, for keys Driftwatch does not define itself
 * (free-form Kafka client properties) and for echoing {@code --set} arguments in error messages.
 */
final class SecretKeys {

    // Whole words only, so that e.g. "tokens-metric" or "key.deserializer" are not taken for secrets.
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(?:^|[-_.])(?:password|passwd|secret|token|jaas|credentials?|keystore\\.key|user\\.info)(?:[-_.]|$)");

    private SecretKeys() {}

    /** Whether {@code key} (a dotted path or a Kafka property name) names a secret. */
    static boolean isSecret(String key) {
        return SECRET.matcher(key).find();
    }
}
