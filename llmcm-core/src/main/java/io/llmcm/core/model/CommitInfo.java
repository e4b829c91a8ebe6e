package io.llmcm.core.model;

import java.time.Instant;

/** Who made a commit, when, and why. */
public record CommitInfo(long revision, Instant time, String author, String message) {}
