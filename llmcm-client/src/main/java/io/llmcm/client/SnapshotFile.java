package io.llmcm.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The snapshot of a spec on disk, one JSON file per spec in the snapshot directory:
 *
 * <pre>{@code
 * {"format":"llmcm-client-snapshot/2","tenant":"acme","env":"prod","service":null,"prefix":"models/",
 *  "revealSecrets":false,"revision":57,"items":[{"path","value","type","modRevision","from"}…],
 *  "secrets":[{"path","modRevision","from","mask","nonce":"<base64>","sealed":"<base64>"}…]}
 * }</pre>
 *
 * {@code items} never holds a secret. {@code secrets} is written only with a key: each value is
 * AES-256-GCM encrypted (random 12-byte nonce, 128-bit tag) with associated data {@code
 * tenant NUL env NUL service NUL prefix NUL revealed|masked NUL path}, so a sealed value cannot
 * be moved to another path or spec. The file is replaced through {@link AtomicFile}, owner-only on
 * POSIX.
 */
final class SnapshotFile {
    static final String FORMAT = "llmcm-client-snapshot/2";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SnapshotFile() {}

    /**
     * The file of {@code spec} in {@code dir}: a hash of the spec, so any tenant or path is a safe
     * name. Whether secrets are revealed is part of it: a revealed and a masked view of one scope
     * hold different values and keep one file each.
     */
    static Path path(Path dir, ConfigSpec spec) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(identity(spec).getBytes(StandardCharsets.UTF_8));
            return dir.resolve("llmcm-snapshot-" + HexFormat.of().formatHex(h, 0, 16) + ".json");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String identity(ConfigSpec spec) {
        return spec.tenant() + '\0' + spec.env() + '\0' + (spec.service() == null ? "" : spec.service()) + '\0' + spec.prefix()
                + '\0' + (spec.revealSecrets() ? "revealed" : "masked");
    }

    /** Writes {@code snapshot} as the file of {@code spec}; secrets only when {@code key} is given. */
    static void write(Path dir, ConfigSpec spec, Snapshot snapshot, SecretKey key, ObjectMapper mapper) throws IOException {
        ObjectNode o = mapper.createObjectNode();
        o.put("format", FORMAT);
        o.put("tenant", spec.tenant());
        o.put("env", spec.env());
        o.put("service", spec.service());
        o.put("prefix", spec.prefix());
        o.put("revealSecrets", spec.revealSecrets());
        o.put("revision", snapshot.revision());
        ArrayNode items = o.putArray("items");
        ArrayNode secrets = key == null ? null : o.putArray("secrets");
        for (ConfigValue v : snapshot.values()) {
            if (v.isSecret()) {
                if (secrets != null) {
                    ObjectNode s = secrets.addObject();
                    s.put("path", v.path());
                    s.put("modRevision", v.modRevision());
                    s.set("from", v.from());
                    if (v.mask() != null) {
                        s.set("mask", v.mask().json()); // metadata only, never the value
                    }
                    byte[] nonce = new byte[NONCE_BYTES];
                    RANDOM.nextBytes(nonce);
                    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key, nonce, aad(spec, v.path()), mapper.writeValueAsBytes(v.value()));
                    s.put("nonce", Base64.getEncoder().encodeToString(nonce));
                    s.put("sealed", Base64.getEncoder().encodeToString(sealed));
                }
                continue;
            }
            ObjectNode i = items.addObject();
            i.put("path", v.path());
            i.set("value", v.value());
            i.put("type", v.type());
            i.put("modRevision", v.modRevision());
            i.set("from", v.from());
        }
        byte[] bytes = mapper.writeValueAsBytes(o);
        Files.createDirectories(dir);
        AtomicFile.write(path(dir, spec), bytes, AtomicFile.Mode.ownerOnly());
    }

    /**
     * The snapshot of {@code spec} from its file, empty when there is none or it is unreadable or of
     * another spec. Secrets come back only with the key they were written with; a secret that does
     * not decrypt is left out.
     */
    static Optional<Snapshot> read(Path dir, ConfigSpec spec, SecretKey key, ObjectMapper mapper) {
        Path file = path(dir, spec);
        JsonNode o;
        try {
            o = mapper.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | JacksonException e) {
            LlmcmClient.LOG.log(System.Logger.Level.WARNING, "snapshot file {0} not read: {1}", file, e.toString());
            return Optional.empty();
        }
        if (!FORMAT.equals(o.path("format").asString(""))
                || !spec.tenant().equals(o.path("tenant").asString(""))
                || !spec.env().equals(o.path("env").asString(""))
                || !String.valueOf(spec.service()).equals(o.path("service").isNull() ? "null" : o.path("service").asString(""))
                || !spec.prefix().equals(o.path("prefix").asString(""))
                || spec.revealSecrets() != o.path("revealSecrets").asBoolean(false)) {
            LlmcmClient.LOG.log(System.Logger.Level.WARNING, "snapshot file {0} is not one of {1}; ignored", file, spec);
            return Optional.empty();
        }
        List<ConfigValue> values = new ArrayList<>();
        for (JsonNode i : o.path("items")) {
            ConfigValue v = LlmcmClient.item(i);
            if (!v.isSecret()) {
                values.add(v);
            }
        }
        if (key != null) {
            for (JsonNode s : o.path("secrets")) {
                String p = s.path("path").asString("");
                try {
                    byte[] plain = crypt(Cipher.DECRYPT_MODE, key, Base64.getDecoder().decode(s.path("nonce").asString("")), aad(spec, p),
                            Base64.getDecoder().decode(s.path("sealed").asString("")));
                    JsonNode from = s.get("from");
                    JsonNode mask = s.path("mask");
                    values.add(new ConfigValue(p, mapper.readTree(plain), "secret", s.path("modRevision").asLong(),
                            from == null || from.isNull() ? null : from, SecretMask.isMask(mask) ? new SecretMask(mask) : null));
                } catch (IOException | RuntimeException e) {
                    LlmcmClient.LOG.log(System.Logger.Level.WARNING, "secret {0} in {1} does not decrypt with the key given; left out", p, file);
                }
            }
        }
        return Optional.of(Snapshot.of(o.path("revision").asLong(), values, mapper, Snapshot.Source.DISK));
    }

    static byte[] aad(ConfigSpec spec, String path) {
        return (identity(spec) + '\0' + path).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] nonce, byte[] aad, byte[] input) throws IOException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-GCM: " + e.getMessage(), e);
        }
    }
}
