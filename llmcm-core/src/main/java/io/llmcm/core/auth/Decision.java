package io.llmcm.core.auth;

/**
 * An authorization verdict. The reason is for the audit log (which binding allowed it, or that
 * none did); callers never show it to a refused client, who only learns "not found" or
 * "forbidden".
 */
public record Decision(boolean allowed, String reason) {
    public static Decision allow(String reason) {
        return new Decision(true, reason);
    }

    public static Decision deny(String reason) {
        return new Decision(false, reason);
    }
}
