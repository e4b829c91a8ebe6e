package io.llmcm.core.auth;

import io.llmcm.core.InvalidInputException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Principals of TLS client certificates. The certificate was already validated by the TLS layer
 * (chain, dates, trusted CA); this only names who it is: {@code cert:<subject DN>} with the DN in
 * X.500's canonical form (RFC 2253, attribute types and values in lower case, spaces normalised),
 * so that a binding written as {@code cert:CN=billing, O=Acme} matches {@code cn=billing,o=acme}.
 * The name is the certificate's common name (CN), or the DN when it has none.
 */
public final class CertificatePrincipals {
    private CertificatePrincipals() {}

    /** The principal of a validated client certificate; store-wide (bindings decide its reach). */
    public static Principal principal(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        X500Principal subject = certificate.getSubjectX500Principal();
        String canonical = subject.getName(X500Principal.CANONICAL);
        if (canonical.isEmpty()) {
            throw new InvalidInputException("the client certificate has an empty subject");
        }
        return new Principal(Subjects.CERT + canonical, commonName(subject.getName(X500Principal.RFC2253)), "", Set.of());
    }

    /** A DN in the canonical form principals use. */
    public static String canonical(String dn) {
        try {
            String c = new X500Principal(dn).getName(X500Principal.CANONICAL);
            if (c.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("'" + dn + "' is not a distinguished name like CN=billing,O=Acme");
        }
    }

    private static String commonName(String rfc2253) {
        try {
            for (Rdn rdn : new LdapName(rfc2253).getRdns().reversed()) { // most specific first
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // the JDK produced this name; fall back to it whole
        }
        return rfc2253;
    }
}
