package io.llmcm.server.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for tests, made with Bouncy Castle's builder over plain JCA keys (EC P-256). */
public final class TestCerts {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key pair and its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
        public String certificatePem() {
            return pem("CERTIFICATE", encoded(certificate));
        }

        public String keyPem() {
            return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        }

        /** Writes {@code name.crt} (this certificate, then {@code chain}) and {@code name.key}. */
        public Path[] write(Path dir, String name, Issued... chain) {
            StringBuilder crt = new StringBuilder(certificatePem());
            for (Issued c : chain) {
                crt.append(c.certificatePem());
            }
            Path cert = dir.resolve(name + ".crt");
            Path key = dir.resolve(name + ".key");
            try {
                Files.writeString(cert, crt);
                Files.writeString(key, keyPem());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Path[] {cert, key};
        }

        /** A PKCS#12 keystore with this key and certificate (then the issuer's). */
        public KeyStore keyStore(char[] password, Issued... chain) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                X509Certificate[] certs = new X509Certificate[chain.length + 1];
                certs[0] = certificate;
                for (int i = 0; i < chain.length; i++) {
                    certs[i + 1] = chain[i].certificate;
                }
                ks.setKeyEntry("key", keys.getPrivate(), password, certs);
                return ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The certificates a TLS test serves with: a server CA and a server certificate for localhost
     * (written as {@code server.crt}, {@code server.key}), a client CA ({@code client-ca.pem}) and
     * a client certificate {@code CN=billing,O=Acme} it issued.
     */
    public record Pki(Issued ca, Issued clientCa, Issued client, Path certificate, Path key, Path clientCas) {
        public static Pki write(Path dir) {
            Issued ca = TestCerts.ca("CN=Test Server CA,O=Acme");
            Issued clientCa = TestCerts.ca("CN=Test Client CA,O=Acme");
            Path[] files = TestCerts.server(ca, "CN=localhost,O=Acme").write(dir, "server", ca);
            Path cas = dir.resolve("client-ca.pem");
            try {
                Files.writeString(cas, clientCa.certificatePem());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Pki(ca, clientCa, TestCerts.client(clientCa, "CN=billing,O=Acme"), files[0], files[1], cas);
        }

        /** HTTPS (and gRPC) with these files, asking for client certificates of the client CA. */
        public io.llmcm.server.Server.Options.Tls tls() {
            return io.llmcm.server.Server.Options.Tls.pem(certificate, key).withClientCa(clientCas);
        }
    }

    private TestCerts() {}

    public static Issued ca(String dn) {
        KeyPair kp = keys();
        return new Issued(kp, build(dn, kp, name(dn), kp, true, null, false));
    }

    /** A server certificate for localhost and 127.0.0.1. */
    public static Issued server(Issued ca, String dn) {
        KeyPair kp = keys();
        return new Issued(kp, build(dn, kp, X500Name.getInstance(ca.certificate.getSubjectX500Principal().getEncoded()), ca.keys, false, KeyPurposeId.id_kp_serverAuth, true));
    }

    public static Issued client(Issued ca, String dn) {
        KeyPair kp = keys();
        return new Issued(kp, build(dn, kp, X500Name.getInstance(ca.certificate.getSubjectX500Principal().getEncoded()), ca.keys, false, KeyPurposeId.id_kp_clientAuth, false));
    }

    /** A client SSL context trusting {@code ca}, presenting {@code client} when not null. */
    public static SSLContext clientContext(Issued ca, Issued client, Issued clientCa) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (client != null) {
                char[] pw = "test".toCharArray();
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(client.keyStore(pw, clientCa), pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(String subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys, boolean ca,
            KeyPurposeId purpose, boolean localhost) {
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name(subject), subjectKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (localhost) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DN as the JDK writes it (BC's own parser keeps the written order, the reverse of X.500's). */
    private static X500Name name(String dn) {
        return X500Name.getInstance(new javax.security.auth.x500.X500Principal(dn).getEncoded());
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
