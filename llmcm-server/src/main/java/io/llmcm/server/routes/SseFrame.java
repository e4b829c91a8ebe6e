package io.llmcm.server.routes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One server-sent event, encoded once for every stream that sends it: as the event's own bytes
 * and as an HTTP/1.1 chunk of them (the streams write chunks straight to the connection).
 * Read-only buffers; each write takes a {@link ByteBuffer#duplicate()}.
 *
 * <p>A chunk is written the way Jetty's generator writes its own: the CRLF that ends the previous
 * chunk first, then the size line and the data. The stream's first chunk (the {@code ready}
 * event) goes through Jetty, and Jetty's last chunk ({@code \r\n0\r\n\r\n}) ends ours, so the
 * two kinds interleave into one well-formed body.
 */
record SseFrame(ByteBuffer plain, ByteBuffer chunked) {
    /** {@code event: <event>\nid: <id>\ndata: <data>\n\n}; no id line when {@code id} is −1. */
    static SseFrame of(String event, long id, String data) {
        byte[] plain = bytes(event, id, data);
        byte[] size = ("\r\n" + Integer.toHexString(plain.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        // direct: a socket write from a heap buffer copies it into a direct one first, per stream
        ByteBuffer chunk = ByteBuffer.allocateDirect(size.length + plain.length);
        chunk.put(size).put(plain).flip();
        return new SseFrame(ByteBuffer.wrap(plain).asReadOnlyBuffer(), chunk.asReadOnlyBuffer());
    }

    /** Just the event's bytes, for an event one stream sends once (no chunk, no direct buffer). */
    static byte[] bytes(String event, long id, String data) {
        StringBuilder sb = new StringBuilder(64 + data.length());
        sb.append("event: ").append(event).append('\n');
        if (id >= 0) {
            sb.append("id: ").append(id).append('\n');
        }
        sb.append("data: ").append(data).append("\n\n"); // the data must be one line: compact JSON is
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The event's bytes, as an array (for a response written whole). */
    byte[] bytes() {
        byte[] b = new byte[plain.remaining()];
        plain.duplicate().get(b);
        return b;
    }
}
