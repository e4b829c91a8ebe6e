package io.llmcm.server.http;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: taken from {@code X-Request-Id} when the caller sends a sane one, else made here. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = "llmcm.requestId";

    private RequestIds() {}

    public static String fromHeaderOrNew(String header) {
        if (header != null && header.length() <= 64 && header.chars().allMatch(RequestIds::safe) && !header.isEmpty()) {
            return header;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
    }

    private static boolean safe(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.';
    }
}
