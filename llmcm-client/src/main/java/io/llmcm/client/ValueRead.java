package io.llmcm.client;

/**
 * The answer of a direct read ({@link LlmcmClient#read}): the value and the store revision the
 * answer is true at (never older than the {@code minRevision} asked for).
 *
 * @param revision the revision the server answered at
 * @param value the effective value
 */
public record ValueRead(long revision, ConfigValue value) {}
