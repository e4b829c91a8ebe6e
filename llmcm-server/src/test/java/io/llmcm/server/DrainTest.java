package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping a server drains it: readiness says 503 while the listener still takes connections, then
 * the listener closes, a write in flight finishes and is kept, one still running at the deadline is
 * cut without a successful answer. The slow write is a PUT
 * whose body the test holds back: {@code Expect: 100-continue} makes the server say when its
 * handler has begun reading it, so the test knows the request is in flight.
 */
class DrainTest {
    private static final String PATH = "/v1/tenants/acme/config/drain/slow";
    private static final byte[] BODY = "{\"model\":\"gpt-4o\",\"temperature\":0.2}".getBytes(StandardCharsets.UTF_8);
    private static final int HALF = BODY.length / 2;

    @Test
    void readinessTurnsFirstThenTheListenerClosesAndAWriteInFlightFinishesAndIsKept() throws Exception {
        TestServer s = TestServer.start(Server.Options.defaults().withUnreadyGrace(Duration.ofSeconds(1)).withDrainTimeout(Duration.ofSeconds(10)));
        int port = s.server().port();
        try (Connection slow = new Connection(port)) {
            slow.beginPut(PATH, BODY, 1);
            // a slow upload, not a stalled one: Jetty closes connections silent for 1 s once it stops listening
            Thread uploading = Thread.ofVirtual().start(() -> slow.trickle(BODY, 1, BODY.length - 1, Duration.ofMillis(100)));

            CompletableFuture<Void> closing = CompletableFuture.runAsync(s::stop);
            TestServer.Reply ready = awaitUnready(s);
            assertThat(ready.header("Content-Type")).startsWith("application/problem+json");
            assertThat(ready.json().get("detail").asString()).contains("shutting down");
            awaitRefused(port);
            assertThat(closing).as("waits for the write in flight").isNotDone();

            uploading.join();
            Answer written = slow.finish(BODY, BODY.length - 1);
            assertThat(written.status()).as(written.body()).isEqualTo(200);
            closing.get(10, TimeUnit.SECONDS);
        }
        try (TestServer again = s.restart()) {
            assertThat(again.get(PATH, TestServer.BOOTSTRAP).body()).isEqualTo(new String(BODY, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aWriteStillRunningAtTheDeadlineIsCutUnansweredAndNotKept() throws Exception {
        TestServer s = TestServer.start(Server.Options.defaults().withDrainTimeout(Duration.ofMillis(300)));
        try (Connection slow = new Connection(s.server().port())) {
            slow.beginPut(PATH, BODY, HALF);
            long start = System.nanoTime();
            s.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the deadline, not the client, ends the stop").isLessThan(Duration.ofSeconds(5));
            try {
                Answer cut = slow.finish(BODY, HALF); // the aborted body read may still be answered, never as a success
                assertThat(cut.status()).as(cut.body()).isGreaterThanOrEqualTo(400);
            } catch (IOException closed) {
                // cut with its connection: no answer at all
            }
        }
        try (TestServer again = s.restart()) {
            assertThat(again.get(PATH, TestServer.BOOTSTRAP).status()).isEqualTo(404);
        }
    }

    /** Asks /health/ready on new connections until it answers 503 (the drain began). */
    private static TestServer.Reply awaitUnready(TestServer s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            TestServer.Reply r = s.get("/health/ready", null);
            if (r.status() == 503) {
                return r;
            }
            assertThat(r.status()).isEqualTo(200);
            Thread.sleep(5);
        }
        throw new AssertionError("/health/ready still answers 200 2 s after the stop began");
    }

    /** Waits until a new connection is refused: the listener is closed. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                Thread.sleep(10);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                throw new UncheckedIOException(other);
            }
        }
        throw new AssertionError("the listener still takes connections 5 s after the stop began");
    }

    record Answer(int status, String body) {}

    /** One HTTP/1.1 connection for a PUT whose body is sent in two parts; answers with a Content-Length or chunked. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(15_000);
            in = socket.getInputStream();
        }

        /** Sends the head and the first {@code sent} bytes of the body, then waits for the handler to read. */
        void beginPut(String target, byte[] body, int sent) throws IOException {
            send("PUT " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.BOOTSTRAP
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nExpect: 100-continue\r\n\r\n");
            Answer go = read();
            assertThat(go.status()).as("the handler asks for the body").isEqualTo(100);
            socket.getOutputStream().write(body, 0, sent);
            socket.getOutputStream().flush();
        }

        /** Sends the body's bytes from {@code from} to {@code to} one at a time, a pause before each. */
        void trickle(byte[] body, int from, int to, Duration pause) {
            try {
                for (int i = from; i < to; i++) {
                    Thread.sleep(pause);
                    socket.getOutputStream().write(body[i]);
                    socket.getOutputStream().flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Sends the rest of the body and reads the answer. */
        Answer finish(byte[] body, int sent) throws IOException {
            socket.getOutputStream().write(body, sent, body.length - sent);
            socket.getOutputStream().flush();
            return read();
        }

        private void send(String head) throws IOException {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        private Answer read() throws IOException {
            String status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            int length = 0;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String name = h.substring(0, h.indexOf(':')).trim();
                String value = h.substring(h.indexOf(':') + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int n = Integer.parseInt(line().split(";")[0].trim(), 16); n > 0; n = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    body.write(in.readNBytes(n));
                    line();
                }
                line();
            } else if (code >= 200) {
                body.write(in.readNBytes(length));
            }
            return new Answer(code, body.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the connection closed");
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
