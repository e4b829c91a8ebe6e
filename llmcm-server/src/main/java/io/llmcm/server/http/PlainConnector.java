package io.llmcm.server.http;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The plain-HTTP listener, in place of Javalin's default one, for its accept queue. */
public final class PlainConnector {
    /**
     * Connections the kernel holds before the server accepts them. The JDK's default is 50: when
     * thousands of watchers reconnect at once (a restart), the rest of their SYNs are dropped and
     * each waits a second to retry. The kernel caps this at {@code net.core.somaxconn}.
     */
    public static final int ACCEPT_QUEUE = 4096;

    private PlainConnector() {}

    /** For Javalin's {@code cfg.jetty.addConnector}. */
    public static ServerConnector create(Server server, HttpConfiguration http, String host, int port) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
    }
}
