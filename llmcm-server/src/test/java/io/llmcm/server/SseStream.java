package io.llmcm.server;

import io.llmcm.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** A test's view of one event stream: the events, parsed as they arrive, in a queue. */
final class SseStream implements AutoCloseable {
    /** One event; {@code id} null when it had none, {@code data} null for the end of the stream. */
    record Event(String event, String id, String data) {
        JsonNode json() {
            return Json.parse(data);
        }

        long revision() {
            return Long.parseLong(id);
        }
    }

    static final Event END = new Event("end", null, null);

    private final BlockingDeque<Event> events = new LinkedBlockingDeque<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private SseStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Opens {@code path} on the server with the token and extra headers. */
    static SseStream open(TestServer s, String path, String token, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base() + path))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        headers.forEach(b::header);
        try {
            return new SseStream(HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private void read() {
        String event = "message";
        String id = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(event, id, data.toString()));
                    }
                    event = "message";
                    id = null;
                    data = null;
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (RuntimeException e) {
            // the connection dropped: the end of the stream
        }
        events.add(END);
    }

    /** The next event, waiting up to 10 s; fails the test on silence. */
    Event next() {
        try {
            Event e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no event within 10 s");
            }
            return e;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next event other than a heartbeat. */
    Event nextChange() {
        Event e = next();
        while (e.event().equals("heartbeat")) {
            e = next();
        }
        return e;
    }

    /** True when nothing but heartbeats arrives within {@code quiet}. */
    boolean quietFor(Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (true) {
            Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                return true;
            }
            if (!e.event().equals("heartbeat")) {
                events.addFirst(e);
                return false;
            }
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            response.body().close();
        } catch (RuntimeException e) {
            // closing a dropped stream
        }
    }
}
