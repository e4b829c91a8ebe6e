package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's scan: secrets written through the command line never show in plaintext — not in the
 * SQLite database, its WAL or shared memory file, an exported file, or anything any command
 * printed (output and errors, failing commands included) — except what an explicit {@code
 * --reveal} printed. Commands checkpoint the WAL when they close the store, so WALs are captured
 * by killing commands right after they report a write. The scan is shown to work by finding a
 * planted configuration marker in the database and the WAL, and the plaintext in what was revealed.
 */
class SecretScanIT {
    private static final String PLAIN = "llmcm-SCAN-PLAINTEXT-7c1e9a52";
    private static final String MARKER = "CLEAR-CONFIG-MARKER-3b8d";
    private static final String KEY = "providers/openai/api-key";

    @TempDir
    Path dir;

    /** Every stdout and stderr that must be free of plaintext. */
    private final List<String> printed = new ArrayList<>();
    /** What --reveal printed: excluded from the scan, and where the plaintext must be found. */
    private final List<String> revealed = new ArrayList<>();
    private Llmcm llmcm;

    private Llmcm.Result run(String... args) {
        return keep(llmcm.run(args));
    }

    private Llmcm.Result runWithInput(String in, String... args) {
        return keep(llmcm.runWithInput(in, args));
    }

    private Llmcm.Result keep(Llmcm.Result r) {
        printed.add(r.out());
        printed.add(r.err());
        return r;
    }

    private Llmcm.Result reveal(String... args) {
        Llmcm.Result r = llmcm.run(args).ok();
        revealed.add(r.out());
        printed.add(r.err()); // a reveal's stderr (lease lines) is scanned too
        return r;
    }

    @Test
    void noPlaintextOnDiskInExportsOrInAnyOutputButReveals() throws IOException {
        llmcm = Llmcm.jar(dir.resolve("data"));
        run("init").ok();
        run("tenant", "create", "acme").ok();
        run("tenant", "create", "beta").ok();

        // the secrets: text from stdin, JSON from a file (the input file itself is not scanned), new versions
        runWithInput(PLAIN + "\n", "secret", "set", KEY, "-", "-t", "acme", "-e", "prod", "-m", "first").ok();
        Path input = dir.resolve("input").resolve("db.json");
        Files.createDirectories(input.getParent());
        Files.writeString(input, "{\"user\":\"app\",\"password\":\"" + PLAIN + "-json\"}");
        run("secret", "set", "db/creds", "@" + input, "--format", "json", "-t", "acme").ok();
        runWithInput(PLAIN + "-v2", "secret", "set", KEY, "-", "-t", "acme", "-e", "prod", "-m", "second").ok();
        runWithInput(PLAIN + "-global", "secret", "set", KEY, "-", "--expires", "30d").ok();
        run("secret", "set", "tokens/ci", "--dynamic", "token", "--ttl", "1h", "-t", "acme").ok();
        run("set", "models/gpt", "{\"model\":\"gpt-4o\",\"api_key\":\"${secret:" + KEY + "}\",\"note\":\"" + MARKER + "\"}", "-t", "acme").ok();
        run("tag", "create", "before-rotation", "-t", "acme").ok();
        run("key", "rotate", "--tenant", "acme").ok();
        Path schema = dir.resolve("strict.json");
        Files.writeString(schema, "{\"type\":\"object\",\"properties\":{\"note\":{\"type\":\"string\",\"maxLength\":40}}}");
        run("schema", "set", "strict", schema.toString(), "--pattern", "models/**").ok();

        // explicit reveals: the only outputs allowed to hold the plaintext
        reveal("secret", "get", KEY, "-t", "acme", "-e", "prod", "--reveal");
        reveal("secret", "get", "db/creds", "-t", "acme", "--reveal");
        reveal("secret", "get", "db/creds", "-t", "acme", "--reveal", "--output", "text");
        reveal("get", "models/gpt", "-t", "acme", "-e", "prod", "--resolve", "--reveal");
        reveal("secret", "get", "tokens/ci", "-t", "acme", "--reveal");

        // everything else that can print a value
        run("get", KEY, "-t", "acme", "-e", "prod").ok();
        run("get", KEY, "-t", "acme", "-e", "dev", "--output", "yaml").ok(); // global's secret
        run("get", KEY, "-t", "acme", "-e", "prod", "--output", "text").ok();
        run("get", KEY, "-t", "acme", "-e", "prod", "--explain").ok();
        run("get", KEY, "-t", "acme", "-e", "prod", "--explain", "--output", "json").ok();
        run("get", "models/gpt", "-t", "acme", "-e", "prod", "--resolve").ok();
        run("get", "models/gpt", "-t", "acme", "-e", "prod", "--explain").ok();
        run("list", "-t", "acme", "-e", "prod", "-l").ok();
        run("list", "-t", "acme", "-e", "dev", "--output", "json").ok();
        run("secret", "list", "-t", "acme", "-e", "prod").ok();
        run("secret", "list", "-t", "acme", "-e", "prod", "--output", "json").ok();
        run("secret", "get", KEY, "-t", "acme", "-e", "prod").ok();
        run("get", KEY, "-t", "acme", "-e", "prod", "--raw").ok();
        run("get", KEY, "-t", "acme", "-e", "prod", "--at", "before-rotation").ok();
        run("get", "db/creds", "-t", "acme", "--raw", "--output", "yaml").ok();
        run("list", "-t", "acme", "--raw", "-l").ok();
        run("list", "-t", "acme", "--raw", "--output", "json").ok();
        run("history", KEY, "-t", "acme").ok();
        run("history", KEY, "-t", "acme", "--output", "json").ok();
        run("history", "db/creds", "-t", "acme", "--output", "json").ok();
        run("secret", "history", KEY, "-t", "acme").ok();
        run("secret", "history", KEY, "-t", "acme", "--output", "json").ok();
        run("diff", "--from", "1", "-t", "acme").ok();
        run("diff", "--from", "1", "-t", "acme", "--output", "json").ok();
        run("diff", "--from", "before-rotation", "-t", "acme", "--output", "json").ok();
        run("validate", KEY, "--delete", "-t", "acme", "-e", "prod").ok();
        run("validate", "models/gpt", "{\"model\":\"gpt-4o\",\"api_key\":\"${secret:" + KEY + "}\"}", "-t", "acme").ok();
        run("key", "status", "-t", "acme").ok();
        run("secret", "leases", "-t", "acme", "--output", "json").ok();
        run("audit", "list", "--limit", "1000").ok();
        run("audit", "list", "--limit", "1000", "--output", "json").ok();

        // exports to files, in every document format and as bundles
        List<Path> exports = new ArrayList<>();
        for (String format : List.of("json", "yaml", "toml", "properties", "env")) {
            Path f = dir.resolve("export." + format);
            Llmcm.Result r = run("export", "-t", "acme", "-e", "prod", "--format", format, "-o", f.toString()).ok();
            assertThat(r.err()).isEqualTo("3 secrets left out: use --recipient to include them encrypted\n");
            exports.add(f);
        }
        run("export", "-t", "acme", "-e", "prod", "--format", "yaml").ok();
        Path raw = dir.resolve("export-raw.json");
        run("export", "--raw", "-t", "acme", "-e", "prod", "-o", raw.toString()).ok();
        exports.add(raw);
        Path signed = dir.resolve("signed.bundle");
        run("export", "-t", "acme", "-e", "prod", "--format", "bundle", "-o", signed.toString()).ok();
        exports.add(signed);
        run("key", "pair", "--out", dir.resolve("ops").toString()).ok();
        Path encrypted = dir.resolve("encrypted.bundle");
        run("export", "-t", "acme", "-e", "prod", "--recipient", dir.resolve("ops.pub").toString(), "-o", encrypted.toString()).ok();
        exports.add(encrypted);
        run("import", encrypted.toString(), "--into", "copied", "-t", "beta", "--identity", dir.resolve("ops.key").toString()).ok();
        run("secret", "list", "-t", "beta").ok();

        // failing commands: their errors must not echo the value they were given
        run("set", KEY, "\"" + PLAIN + "\"", "-t", "acme", "-e", "prod").fails(2);
        run("set", "plain/x", PLAIN).fails(2); // a bare word is not JSON
        run("set", "plain/x", PLAIN, "and", "more").fails(2); // unquoted: extra arguments
        runWithInput("{\"k\": \"" + PLAIN, "secret", "set", "bad/json", "-", "--format", "json").fails(2);
        runWithInput(PLAIN, "secret", "set", "models/gpt", "-", "-t", "acme", "-e", "prod").fails(2); // configuration in acme:base
        run("secret", "set", KEY, PLAIN, "-t", "acme", "--expires", "soon").fails(2);
        run("validate", "models/gpt", "{\"note\":\"" + PLAIN + "-long-enough-to-break-the-schema\"}", "-t", "acme").fails(5);
        run("set", "models/gpt", "{\"note\":\"" + PLAIN + "-long-enough-to-break-the-schema\"}", "-t", "acme").fails(5);
        Path badImport = dir.resolve("input").resolve("bad.yaml");
        Files.writeString(badImport, "key: \"" + PLAIN + "\n  - [broken");
        run("import", badImport.toString(), "--into", "x").fails(2);
        run("get", "models/gpt", "-t", "acme", "--reveal").fails(2);
        run("get", KEY, "-t", "acme", "-e", "prod", "--resolve", "--reveal").fails(2);
        run("secret", "get", KEY, "-t", "acme", "-e", "prod", "--reveal", "--master-key", dir.resolve("ops.key").toString()).fails(1);
        Llmcm other = Llmcm.jar(dir.resolve("other"));
        keep(other.run("init")).ok();
        run("secret", "get", KEY, "-t", "acme", "-e", "prod", "--reveal", "--master-key", dir.resolve("other/master.key").toString()).fails(1);
        run("import", encrypted.toString(), "--into", "again", "-t", "beta").fails(1);
        runWithInput(PLAIN, "secret", "check").fails(3);

        // every command checkpoints the WAL into the database when it closes the store; a crash does
        // not. Kill a secret write right after it reported success and keep the WAL it left, then
        // leave the store itself crashed after a configuration write (with the marker) for the scan.
        Path crashed = dir.resolve("crashed");
        Files.createDirectories(crashed);
        for (int attempt = 1; attempt <= 5 && !Files.exists(crashed.resolve("llmcm.db-wal")); attempt++) {
            assertThat(llmcm.killAfterFirstLine(PLAIN + "-crash-" + attempt, "secret", "set", "crash/key", "-", "-t", "acme"))
                    .startsWith("set secret acme:base crash/key at revision ");
            for (Path f : files(dir.resolve("data"))) {
                Files.copy(f, crashed.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertThat(crashed.resolve("llmcm.db-wal")).as("a WAL left by a killed secret write").exists();
        for (int attempt = 1; attempt <= 5 && !Files.exists(dir.resolve("data/llmcm.db-wal")); attempt++) {
            assertThat(llmcm.killAfterFirstLine("", "set", "crash/marker-" + attempt, "\"" + MARKER + "\"")).startsWith("set global:base crash/marker");
        }

        // the scan
        byte[] needle = PLAIN.getBytes(StandardCharsets.UTF_8);
        List<Path> dataFiles = files(dir.resolve("data"));
        assertThat(dataFiles.stream().map(p -> p.getFileName().toString())).contains("llmcm.db", "llmcm.db-wal", "llmcm.db-shm");
        List<Path> scanned = new ArrayList<>(dataFiles);
        scanned.addAll(files(crashed));
        scanned.addAll(exports);
        for (Path f : scanned) {
            assertThat(indexOf(Files.readAllBytes(f), needle)).as("plaintext in %s", f).isEqualTo(-1);
        }
        assertThat(printed).hasSizeGreaterThan(120);
        for (String out : printed) {
            assertThat(indexOf(out.getBytes(StandardCharsets.UTF_8), needle)).as("plaintext in output:\n%s", out).isEqualTo(-1);
        }

        // ... and the scan does find what is there: the plaintext in what --reveal printed, the
        // configuration marker in the database files
        assertThat(revealed).filteredOn(o -> indexOf(o.getBytes(StandardCharsets.UTF_8), needle) >= 0).hasSize(4);
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        assertThat(indexOf(Files.readAllBytes(dir.resolve("data/llmcm.db")), marker)).as("marker in the database").isNotNegative();
        assertThat(indexOf(Files.readAllBytes(dir.resolve("data/llmcm.db-wal")), marker)).as("marker in the WAL").isNotNegative();
        assertThat(exports.getFirst()).content().contains(MARKER);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
