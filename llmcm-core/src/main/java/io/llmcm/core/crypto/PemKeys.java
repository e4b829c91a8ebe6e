package io.llmcm.core.crypto;

import io.llmcm.core.InvalidInputException;
import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.XECKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyAgreement;

/**
 * PEM keys as {@code openssl genpkey} writes them: private keys in PKCS#8 ({@code PRIVATE KEY}),
 * public keys in SubjectPublicKeyInfo ({@code PUBLIC KEY}). Types: X25519 (encryption), Ed25519
 * (signatures), RSA of at least 2048 bits (encryption). Everything is plain JCA.
 */
public final class PemKeys {
    /** The smallest RSA modulus accepted, in bits. */
    public static final int MIN_RSA_BITS = 2048;

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final List<String> ALGORITHMS = List.of("X25519", "Ed25519", "RSA");
    /** DER prefix of an X25519 SubjectPublicKeyInfo; the 32 raw bytes follow (RFC 8410). */
    private static final byte[] X25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b656e032100");

    private PemKeys() {}

    /** A new key pair: {@code x25519}, {@code ed25519} or {@code rsa} (3072 bits). */
    public static KeyPair generate(String type) {
        try {
            return switch (type) {
                case "x25519" -> KeyPairGenerator.getInstance("X25519").generateKeyPair();
                case "ed25519" -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                case "rsa" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));
                    yield g.generateKeyPair();
                }
                default -> throw new InvalidInputException("unknown key type '" + type + "'; use x25519, ed25519 or rsa");
            };
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("the JDK lacks " + type, e);
        }
    }

    /** {@code x25519}, {@code ed25519} or {@code rsa}. */
    public static String typeOf(Key key) {
        if (key instanceof XECKey x && x.getParams() instanceof NamedParameterSpec n && n.getName().equalsIgnoreCase("X25519")) {
            return "x25519";
        }
        if (key instanceof EdECKey e && e.getParams().getName().equalsIgnoreCase("Ed25519")) {
            return "ed25519";
        }
        if (key instanceof RSAKey) {
            return "rsa";
        }
        throw new InvalidInputException("unsupported key type " + key.getAlgorithm() + "; use X25519, Ed25519 or RSA");
    }

    /** Reads a PKCS#8 private key. */
    public static PrivateKey readPrivate(String pem) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY", "a private key"));
        for (String alg : ALGORITHMS) {
            try {
                return checked(KeyFactory.getInstance(alg).generatePrivate(spec));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                // try the next type
            }
        }
        throw unsupported(spec);
    }

    /** Reads a SubjectPublicKeyInfo public key. */
    public static PublicKey readPublic(String pem) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der(pem, "PUBLIC KEY", "a public key"));
        for (String alg : ALGORITHMS) {
            try {
                return checked(KeyFactory.getInstance(alg).generatePublic(spec));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                // try the next type
            }
        }
        throw unsupported(spec);
    }

    /** PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    public static String writePrivate(PrivateKey key) {
        typeOf(key);
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}). */
    public static String writePublic(PublicKey key) {
        typeOf(key);
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** Hex SHA-256 of the SubjectPublicKeyInfo DER: names a key in messages and listings. */
    public static String fingerprint(PublicKey key) {
        return HexFormat.of().formatHex(sha256(key.getEncoded()));
    }

    /**
     * The public half of an X25519 or RSA (CRT) private key. X25519: the public key is X25519(k, 9),
     * the key agreement with the base point (RFC 7748 §6.1), computed by JCA.
     */
    static PublicKey publicOf(PrivateKey key) {
        try {
            return switch (typeOf(key)) {
                case "x25519" -> {
                    KeyAgreement ka = KeyAgreement.getInstance("X25519");
                    ka.init(key);
                    ka.doPhase(KeyFactory.getInstance("X25519").generatePublic(
                            new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9))), true);
                    yield x25519Public(ka.generateSecret());
                }
                case "rsa" -> {
                    if (!(key instanceof RSAPrivateCrtKey k)) {
                        throw new InvalidInputException("RSA private key lacks its public exponent (not in CRT form)");
                    }
                    yield KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
                }
                default -> throw new InvalidInputException("cannot derive the public key of an " + typeOf(key) + " key here");
            };
        } catch (NoSuchAlgorithmException | InvalidKeySpecException | InvalidKeyException e) {
            throw new IllegalStateException("JCA cannot derive a public key", e);
        }
    }

    /** The 32 raw bytes of an X25519 public key (RFC 7748 encoding). */
    static byte[] x25519Raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki.length != 44 || !Arrays.equals(spki, 0, 12, X25519_SPKI_PREFIX, 0, 12)) {
            throw new InvalidInputException("not an X25519 public key");
        }
        return Arrays.copyOfRange(spki, 12, 44);
    }

    /** An X25519 public key from its 32 raw bytes. */
    static PublicKey x25519Public(byte[] raw) {
        byte[] spki = Arrays.copyOf(X25519_SPKI_PREFIX, 44);
        System.arraycopy(raw, 0, spki, 12, 32);
        try {
            return KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("JCA cannot read an X25519 key", e);
        }
    }

    /** The 32 raw bytes of an X25519 private key; the caller wipes them. */
    static byte[] x25519Raw(PrivateKey key) {
        if (key instanceof XECPrivateKey x && x.getScalar().isPresent() && x.getScalar().get().length == 32) {
            return x.getScalar().get();
        }
        throw new InvalidInputException("not an X25519 private key");
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <K extends Key> K checked(K key) {
        typeOf(key);
        if (key instanceof RSAKey r && r.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new InvalidInputException("RSA key has " + r.getModulus().bitLength() + " bits; at least "
                    + MIN_RSA_BITS + " are required");
        }
        return key;
    }

    private static byte[] der(String pem, String label, String what) {
        Matcher m = BLOCK.matcher(pem == null ? "" : pem);
        if (!m.find()) {
            throw new InvalidInputException("not a PEM key: expected -----BEGIN " + label + "-----");
        }
        String found = m.group(1);
        if (!found.equals(label)) {
            throw new InvalidInputException(switch (found) {
                case "ENCRYPTED PRIVATE KEY" -> "the private key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN)";
                case "RSA PRIVATE KEY" -> "PKCS#1 RSA key; convert it to PKCS#8 (openssl pkey -in KEY -out KEY.pem)";
                case "RSA PUBLIC KEY" -> "PKCS#1 RSA key; convert it (openssl rsa -RSAPublicKey_in -in KEY -pubout -out KEY.pem)";
                case "OPENSSH PRIVATE KEY" -> "OpenSSH key format; convert it to PKCS#8 (ssh-keygen -p -m PKCS8 -f KEY)";
                case "EC PRIVATE KEY" -> "EC keys are not supported; use X25519, Ed25519 or RSA";
                case "PRIVATE KEY", "PUBLIC KEY" -> "expected " + what + " (" + label + "), got a " + found.toLowerCase(java.util.Locale.ROOT);
                default -> "expected " + what + " (" + label + "), got PEM " + found;
            });
        }
        try {
            return Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("PEM key is damaged: not base64");
        }
    }

    /** The error for a key no accepted type reads: names EC keys (a common mix-up), else generic. */
    private static InvalidInputException unsupported(java.security.spec.KeySpec spec) {
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            if (spec instanceof PKCS8EncodedKeySpec p) {
                ec.generatePrivate(p);
            } else {
                ec.generatePublic(spec);
            }
            return new InvalidInputException("EC keys are not supported; use X25519, Ed25519 or RSA");
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            return new InvalidInputException("unsupported or damaged key; use X25519, Ed25519 or RSA (at least "
                    + MIN_RSA_BITS + " bits)");
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
