package io.llmcm.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** Client certificates (self-signed fixtures made with openssl; TLS validation is not this class's job). */
class CertificatePrincipalsTest {
    static X509Certificate load(String name) throws Exception {
        try (InputStream in = CertificatePrincipalsTest.class.getResourceAsStream(name)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void aCertificateIsNamedByItsNormalisedSubjectAndItsCommonName() throws Exception {
        Principal p = CertificatePrincipals.principal(load("client.pem"));

        assertThat(p.id()).isEqualTo("cert:cn=billing-svc,ou=billing,o=acme corp,c=de");
        assertThat(p.name()).isEqualTo("billing-svc");
        assertThat(p.tenant()).isEmpty();
        assertThat(p.groups()).isEmpty();
    }

    @Test
    void aBindingWrittenAnyWayMatchesTheCertificatesPrincipal() throws Exception {
        Binding b = new Binding("acme", "svc", "cert:CN=billing-svc, OU=Billing, O=Acme   Corp, C=DE", "viewer", BindingScope.TENANT, "");

        assertThat(b.subject()).isEqualTo(CertificatePrincipals.principal(load("client.pem")).id());
    }

    @Test
    void withoutACommonNameTheNameIsTheDistinguishedName() throws Exception {
        Principal p = CertificatePrincipals.principal(load("no-cn.pem"));

        assertThat(p.id()).isEqualTo("cert:ou=batch,o=no common name");
        assertThat(p.name()).isEqualTo("OU=Batch,O=No Common Name");
    }
}
