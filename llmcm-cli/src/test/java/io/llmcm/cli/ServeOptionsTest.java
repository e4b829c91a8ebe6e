package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve options that are refused before anything starts (usage errors, exit 2). */
class ServeOptionsTest {
    @TempDir
    Path dir;

    private String refused(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 3];
        all[0] = "serve";
        all[1] = "--store";
        all[2] = dir.resolve("data").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        int code = Main.run(all, env, InputStream.nullInputStream(), out, err);
        assertThat(code).isEqualTo(2);
        assertThat(out.size()).isZero();
        assertThat(dir.resolve("data")).doesNotExist(); // refused before the store is made
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tlsOptionsGoTogether() {
        assertThat(refused(Map.of(), "--client-ca", "ca.pem")).contains("--client-ca needs HTTPS");
        assertThat(refused(Map.of(), "--tls-cert", "a.crt")).contains("--tls-cert and --tls-key go together");
        assertThat(refused(Map.of(), "--tls-keystore", "a.p12", "--tls-key", "a.key")).contains("not both");
        assertThat(refused(Map.of(), "--tls-cert", "nope.crt", "--tls-key", "nope.key")).contains("cannot read nope.crt");
    }

    @Test
    void logLevelAndEndpointAreChecked() {
        assertThat(refused(Map.of(), "--log-level", "loud")).contains("--log-level must be one of error, warn, info, debug, trace");
        assertThat(refused(Map.of("LLMCM_LOG_LEVEL", "chatty"))).contains("LLMCM_LOG_LEVEL must be one of");
        assertThat(refused(Map.of(), "--otlp-endpoint", "grpc://x:4317")).contains("must be an http or https URL");
    }

    @Test
    void aRedisUrlIsCheckedWithoutShowingItsPassword() {
        assertThat(refused(Map.of(), "--redis", "http://:hunter2@cache:6379")).contains("--redis: the Redis URL must start with redis://")
                .doesNotContain("hunter2");
        assertThat(refused(Map.of(), "--redis", "redis://:hunter2@cache:6379/0?prefix=a:b")).contains("--redis: the Redis URL's prefix")
                .doesNotContain("hunter2");
        assertThat(refused(Map.of("LLMCM_REDIS", "redis://cache:6379/x"))).contains("LLMCM_REDIS: the Redis URL's path must be a database number");
    }

    @Test
    void theGrpcPortIsChecked() {
        assertThat(refused(Map.of(), "--grpc-port", "70000")).contains("--grpc-port must be between 0 and 65535, got 70000");
        assertThat(refused(Map.of(), "--port", "9000", "--grpc-port", "9000")).contains("--grpc-port must differ from --port (9000)");
    }

    @Test
    void oidcIssuerAndAudienceGoTogether() {
        assertThat(refused(Map.of(), "--oidc-issuer", "https://login.example.com"))
                .contains("--oidc-issuer and --oidc-audience go together: add --oidc-audience");
        assertThat(refused(Map.of(), "--oidc-audience", "llmcm"))
                .contains("--oidc-issuer and --oidc-audience go together: add --oidc-issuer");
        assertThat(refused(Map.of(), "--oidc-jwks-uri", "https://login.example.com/jwks"))
                .contains("--oidc-jwks-uri needs --oidc-issuer and --oidc-audience");
        assertThat(refused(Map.of(), "--oidc-tenant-claim", "tenant")).contains("--oidc-tenant-claim needs --oidc-issuer and --oidc-audience");
        assertThat(refused(Map.of(), "--oidc-issuer", "login.example.com", "--oidc-audience", "llmcm"))
                .contains("--oidc-issuer must be an http or https URL, got 'login.example.com'");
        assertThat(refused(Map.of(), "--oidc-issuer", "https://login.example.com", "--oidc-audience", " "))
                .contains("--oidc-audience is empty");
        assertThat(refused(Map.of(), "--oidc-issuer", "https://login.example.com", "--oidc-audience", "llmcm", "--oidc-jwks-uri", "file:///etc/jwks"))
                .contains("--oidc-jwks-uri must be an http or https URL");
    }

    @Test
    void drainDurationsAreChecked() {
        assertThat(refused(Map.of(), "--drain-timeout", "soon")).contains("--drain-timeout 'soon' is not a duration; use e.g. 30d, 12h, 45m, 90s or 500ms");
        assertThat(refused(Map.of(), "--drain-timeout", "0s")).contains("--drain-timeout must be more than 0, got '0s'");
        assertThat(refused(Map.of(), "--drain-timeout", "PT-1S")).contains("--drain-timeout must be more than 0");
        assertThat(refused(Map.of(), "--unready-grace", "5 s")).contains("--unready-grace '5 s' is not a duration");
        assertThat(refused(Map.of(), "--unready-grace", "-PT1S")).contains("--unready-grace must be 0 or more, got '-PT1S'");
        // a good value of one does not hide a bad value of the other
        assertThat(refused(Map.of(), "--unready-grace", "500ms", "--drain-timeout", "10x")).contains("--drain-timeout '10x' is not a duration");
    }
}
