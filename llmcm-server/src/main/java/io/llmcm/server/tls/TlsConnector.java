package io.llmcm.server.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS connector: TLS 1.3 only, HTTP/1.1 inside. With client CAs it asks for a client
 * certificate (wants, does not need one: a caller may still use a bearer token) and validates it
 * against those CAs during the handshake; the servlet request then carries it in {@code
 * jakarta.servlet.request.X509Certificate}. The files are read when this is made, so a bad file
 * fails before anything listens.
 */
public final class TlsConnector {
    /** The only protocol offered. */
    public static final String PROTOCOL = "TLSv1.3";

    private final KeyStore keys;
    private final char[] password;
    private final KeyStore clientCas;

    private TlsConnector(KeyStore keys, char[] password, KeyStore clientCas) {
        this.keys = keys;
        this.password = password;
        this.clientCas = clientCas;
    }

    /** The server's key and chain from PEM files (chain: server certificate first). */
    public static TlsConnector pem(Path chain, Path key) {
        char[] pw = TlsFiles.randomPassword();
        return new TlsConnector(TlsFiles.fromPem(chain, key, pw), pw, null);
    }

    /** The server's key and chain from a PKCS#12 keystore. */
    public static TlsConnector pkcs12(Path keystore, String password) {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        return new TlsConnector(TlsFiles.pkcs12(keystore, pw), pw, null);
    }

    /** Also asks for client certificates issued by the CAs of a PEM bundle. */
    public TlsConnector clientCas(Path bundle) {
        return new TlsConnector(keys, password, TlsFiles.trustStore(bundle));
    }

    /** Key managers over the server's key and chain (the gRPC listener serves the same certificate). */
    public KeyManagerFactory keyManagers() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            return kmf;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the server key", e);
        }
    }

    /** Trust in the client CAs; null when client certificates are not asked for. */
    public TrustManagerFactory clientTrust() {
        if (clientCas == null) {
            return null;
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(clientCas);
            return tmf;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the client CAs", e);
        }
    }

    /** The connector, for Javalin's {@code cfg.jetty.addConnector}. */
    public ServerConnector create(Server server, HttpConfiguration base, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keys);
        ssl.setKeyStorePassword(new String(password));
        ssl.setIncludeProtocols(PROTOCOL);
        ssl.setSniRequired(false);
        if (clientCas != null) {
            ssl.setTrustStore(clientCas);
            ssl.setWantClientAuth(true);
        }
        HttpConfiguration https = new HttpConfiguration(base);
        https.setSecureScheme("https");
        https.setSecurePort(port);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients reach the server by IP address too
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(io.llmcm.server.http.PlainConnector.ACCEPT_QUEUE);
        return connector;
    }
}
