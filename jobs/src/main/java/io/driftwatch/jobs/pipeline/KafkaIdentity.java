package io.driftwatch.jobs.pipeline;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who the job's Kafka clients are to a broker, as {@code kafka.properties} configure them, for error
 * messages: the SASL user name (never the password) or the TLS client certificate, and the principal a
 * broker's ACLs name ({@code User:NAME}).
 */
record KafkaIdentity(String protocol, String mechanism, String user) {

    private static final Pattern USERNAME = Pattern.compile("\\busername\\s*=\\s*\"([^\"]*)\"");

    static KafkaIdentity of(Map<String, String> properties) {
        String protocol =
                properties.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase();
        if (!protocol.startsWith("SASL")) {
            return new KafkaIdentity(protocol, null, null);
        }
        String mechanism = properties.getOrDefault("sasl.mechanism", "GSSAPI").toUpperCase();
        Matcher m = USERNAME.matcher(properties.getOrDefault("sasl.jaas.config", ""));
        return new KafkaIdentity(protocol, mechanism, m.find() ? m.group(1) : null);
    }

    /** Whether the broker learns a user name from the client (SASL). */
    boolean isSasl() {
        return mechanism != null;
    }

    /** The principal as ACLs name it, or a description of who the broker sees. */
    String principal() {
        if (user != null) {
            return "User:" + user;
        }
        if (isSasl()) {
            return "the " + mechanism + " principal of kafka.properties.\"sasl.jaas.config\"";
        }
        return protocol.equals("SSL")
                ? "the principal of the TLS client certificate (kafka.properties.\"ssl.keystore.location\")"
                : "User:ANONYMOUS (security.protocol " + protocol + ", no authentication)";
    }

    /** E.g. {@code principal User:driftwatch (SASL_SSL, SCRAM-SHA-512)}. */
    String describe() {
        return isSasl()
                ? "principal " + principal() + " (" + protocol + ", " + mechanism + ")"
                : "principal " + principal();
    }
}
