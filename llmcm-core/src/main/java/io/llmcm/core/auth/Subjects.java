package io.llmcm.core.auth;

import io.llmcm.core.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Who a binding is for: one principal, by the id authentication gives it, or everyone in a group.
 *
 * <ul>
 *   <li>{@code key:<id>} an API key (and the service tokens issued for it);
 *   <li>{@code oidc:<issuer>#<subject>} a user or service of an OpenID Connect provider;
 *   <li>{@code cert:<subject DN>} a client certificate; the DN is normalised ({@link
 *       CertificatePrincipals#canonical}) so that spelling and case do not matter;
 *   <li>{@code group:<name>} everyone whose principal carries that group (OIDC groups claim).
 * </ul>
 */
public final class Subjects {
    public static final String KEY = "key:";
    public static final String OIDC = "oidc:";
    public static final String CERT = "cert:";
    public static final String GROUP = "group:";
    static final int MAX_LENGTH = 1024;

    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{16}");

    private Subjects() {}

    /** Checks a subject and returns its normal form. */
    public static String check(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new InvalidInputException("subject is empty; expected key:<id>, oidc:<issuer>#<sub>, cert:<DN> or group:<name>");
        }
        if (subject.length() > MAX_LENGTH) {
            throw new InvalidInputException("subject is " + subject.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidInputException("subject contains a control character at position " + i);
            }
        }
        if (subject.startsWith(KEY)) {
            if (!KEY_ID.matcher(subject.substring(KEY.length())).matches()) {
                throw new InvalidInputException("subject '" + subject + "': an API key id is 16 lower-case letters and digits");
            }
            return subject;
        }
        if (subject.startsWith(OIDC)) {
            String rest = subject.substring(OIDC.length());
            int hash = rest.lastIndexOf('#');
            if (hash <= 0 || hash == rest.length() - 1) {
                throw new InvalidInputException("subject '" + subject + "' is not oidc:<issuer>#<subject>");
            }
            return subject;
        }
        if (subject.startsWith(CERT)) {
            return CERT + CertificatePrincipals.canonical(subject.substring(CERT.length()));
        }
        if (subject.startsWith(GROUP)) {
            if (subject.length() == GROUP.length() || subject.substring(GROUP.length()).isBlank()) {
                throw new InvalidInputException("subject '" + subject + "' names no group");
            }
            return subject;
        }
        throw new InvalidInputException("subject '" + subject
                + "' is not one of key:<id>, oidc:<issuer>#<sub>, cert:<DN>, group:<name>");
    }
}
