package io.llmcm.cli.command;

import io.llmcm.core.ConflictException;
import io.llmcm.core.crypto.PemKeys;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcm key pair}: a key pair in two PEM files, for encrypted exports. */
@Command(
        name = "pair",
        mixinStandardHelpOptions = true,
        description = {
            "Make a key pair: NAME.key (the private key, PKCS#8 PEM, mode 0600) and NAME.pub (the public key, PEM).",
            "x25519 (default) or rsa: give NAME.pub to whoever exports to you (llmcm export --recipient NAME.pub) and import with --identity NAME.key. Existing files are never overwritten."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm key pair --out ops", "  llmcm export -t acme --recipient ops.pub -o acme.bundle"})
public final class KeyPairCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--type", paramLabel = "TYPE", description = "x25519 (default), ed25519 or rsa (3072 bits)")
    String type = "x25519";

    @Option(names = "--out", required = true, paramLabel = "NAME", description = "file name without extension: writes NAME.key and NAME.pub")
    String out;

    @Override
    public Integer call() {
        Path priv = Path.of(out + ".key");
        Path pub = Path.of(out + ".pub");
        for (Path p : new Path[] {priv, pub}) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new ConflictException(p + " already exists; refusing to overwrite a key");
            }
        }
        String t = type.toLowerCase(Locale.ROOT);
        KeyPair pair = PemKeys.generate(t);
        Keyfiles.create(priv, PemKeys.writePrivate(pair.getPrivate()), true);
        Keyfiles.create(pub, PemKeys.writePublic(pair.getPublic()), false);
        Out.line(spec, "wrote " + priv + " (private key, mode 0600: keep it secret) and " + pub + " (public key)");
        Out.line(spec, t + " fingerprint " + PemKeys.fingerprint(pair.getPublic()));
        return 0;
    }
}
