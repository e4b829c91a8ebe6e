package io.llmcm.server.tls;

import io.llmcm.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files a TLS server reads: a PEM certificate chain and its PKCS#8 private key (as {@code
 * openssl} and most CAs write them), a PKCS#12 keystore, a PEM bundle of CAs for client
 * certificates. Every failure is an {@link InvalidInputException} naming the file and what to do.
 */
public final class TlsFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");
    static final String ALIAS = "llmcm";

    private TlsFiles() {}

    /**
     * A keystore holding the key and chain of PEM files.
     *
     * @param chain the server certificate first, then any intermediates
     * @param password protects the in-memory keystore (any value)
     */
    public static KeyStore fromPem(Path chain, Path key, char[] password) {
        List<X509Certificate> certs = certificates(chain);
        PrivateKey privateKey = privateKey(key);
        if (!matches(privateKey, certs.getFirst().getPublicKey())) {
            throw new InvalidInputException("the private key " + key + " does not belong to the certificate " + chain
                    + " (the first certificate in the file must be the server's)");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, privateKey, password, certs.toArray(Certificate[]::new));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a keystore in memory", e);
        }
    }

    /** A PKCS#12 keystore file; it must hold one private key entry. */
    public static KeyStore pkcs12(Path file, char[] password) {
        byte[] bytes = read(file);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(bytes), password);
            boolean hasKey = false;
            for (String alias : java.util.Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new InvalidInputException("the keystore " + file + " holds no private key");
            }
            return ks;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the PKCS#12 keystore " + file
                    + ": wrong password (LLMCM_TLS_KEYSTORE_PASSWORD) or not a PKCS#12 file");
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("cannot read the PKCS#12 keystore " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A trust store of the CA certificates in a PEM bundle (the CAs that issue client certificates). */
    public static KeyStore trustStore(Path bundle) {
        List<X509Certificate> cas = certificates(bundle);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate ca : cas) {
                ks.setCertificateEntry("ca-" + i++, ca);
            }
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store in memory", e);
        }
    }

    /** A random password for a keystore that never leaves memory. */
    public static char[] randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
    }

    /** The certificates of a PEM file, in order; at least one. */
    public static List<X509Certificate> certificates(Path file) {
        byte[] bytes = read(file);
        if (!new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new InvalidInputException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new InvalidInputException(file + " holds no certificate");
            }
            return certs.stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException | IOException e) {
            throw new InvalidInputException(file + " is not a readable PEM certificate file (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}): RSA, EC, Ed25519 or Ed448. */
    public static PrivateKey privateKey(Path file) {
        Matcher m = BLOCK.matcher(new String(read(file), StandardCharsets.US_ASCII));
        String label = null;
        while (m.find()) {
            label = m.group(1);
            if (label.equals("PRIVATE KEY")) {
                byte[] der;
                try {
                    der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("the private key " + file + " is damaged: not base64");
                }
                for (String alg : KEY_ALGORITHMS) {
                    try {
                        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException e) {
                        // try the next algorithm
                    }
                }
                throw new InvalidInputException("the private key " + file + " is of an unsupported type; use RSA, EC (P-256, P-384) or Ed25519");
            }
        }
        if (label == null) {
            throw new InvalidInputException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        throw new InvalidInputException(switch (label) {
            case "ENCRYPTED PRIVATE KEY" -> "the private key " + file + " is encrypted; decrypt it (openssl pkey -in KEY -out PLAIN.pem) or use --tls-keystore";
            case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> "the private key " + file + " is in the old " + label.split(" ")[0]
                    + " format; convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem)";
            default -> file + " holds a PEM " + label.toLowerCase(Locale.ROOT) + ", not a private key (-----BEGIN PRIVATE KEY-----)";
        });
    }

    /** True when the private key signs what the public key verifies. */
    static boolean matches(PrivateKey key, PublicKey pub) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (alg == null) {
            return true; // let the handshake judge
        }
        try {
            byte[] data = "llmcm key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(data);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(data);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such file: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
