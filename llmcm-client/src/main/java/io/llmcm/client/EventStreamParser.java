package io.llmcm.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A {@code text/event-stream} parser following the WHATWG HTML "server-sent events" rules: lines
 * end in CRLF, LF or CR; a line starting with {@code :} is a comment; {@code field: value} loses
 * one space after the colon; a line without a colon is a field with an empty value; {@code data}
 * lines are joined with LF; {@code id} (unless it holds NUL) sets the id buffer, which stays set
 * for the events after it and becomes the last event id at the next empty line; {@code retry} with only digits sets the reconnection time; unknown
 * fields are ignored; an empty line dispatches the event, unless it has no data; an event not
 * finished by an empty line when the stream ends is dropped. A leading UTF-8 BOM is skipped.
 *
 * <p>Bytes are fed in chunks of any size ({@link #feed}); a chunk may end anywhere, even between
 * the CR and LF of one line end or inside a multi-byte character. Not thread-safe. Public for
 * tools that read the watch stream themselves ({@code llmcm watch}).
 */
public final class EventStreamParser {
    /** One dispatched event: {@code id} is the last event id at dispatch (may be empty). */
    public record Event(String id, String type, String data) {}

    private final Consumer<Event> events;
    private final LongConsumer retry;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private String type = "";
    private String idBuffer = "";
    private String lastEventId = "";
    private boolean afterCr;
    private boolean started;

    /**
     * @param events called with each complete event, in order, from {@link #feed}
     * @param retry called with each valid {@code retry} value (milliseconds)
     */
    public EventStreamParser(Consumer<Event> events, LongConsumer retry) {
        this.events = events;
        this.retry = retry;
    }

    /** The id to resume from: the id buffer as it was at the last empty line (empty before any). */
    public String lastEventId() {
        return lastEventId;
    }

    /** Parses the next bytes of the stream; complete events are dispatched before it returns. */
    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    continue; // the LF of a CRLF
                }
            }
            if (b == '\r') {
                afterCr = true;
                endLine();
            } else if (b == '\n') {
                endLine();
            } else {
                line.write(b);
            }
        }
    }

    private void endLine() {
        // CR and LF never occur inside a UTF-8 multi-byte sequence, so a line is whole characters
        byte[] raw = line.toByteArray();
        line.reset();
        int from = 0;
        if (!started) {
            started = true;
            if (raw.length >= 3 && (raw[0] & 0xFF) == 0xEF && (raw[1] & 0xFF) == 0xBB && (raw[2] & 0xFF) == 0xBF) {
                from = 3;
            }
        }
        String text = new String(raw, from, raw.length - from, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            dispatch();
        } else if (text.charAt(0) != ':') {
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = "";
            if (colon >= 0) {
                int start = colon + 1;
                if (start < text.length() && text.charAt(start) == ' ') {
                    start++;
                }
                value = text.substring(start);
            }
            field(field, value);
        }
    }

    private void field(String name, String value) {
        switch (name) {
            case "event" -> type = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        retry.accept(Long.parseLong(value));
                    } catch (NumberFormatException tooLong) {
                        // ignored, as any invalid retry value
                    }
                }
            }
            default -> { } // ignored
        }
    }

    private void dispatch() {
        lastEventId = idBuffer;
        if (data.isEmpty()) {
            type = "";
            return;
        }
        data.setLength(data.length() - 1); // the last LF
        Event e = new Event(idBuffer, type.isEmpty() ? "message" : type, data.toString());
        data.setLength(0);
        type = "";
        events.accept(e);
    }
}
