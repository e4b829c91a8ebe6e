package io.llmcm.core.repo;

/**
 * Counts of the resolved-value cache: a hit is a read answered from memory without merging
 * layers; a miss merged them (and cached the result).
 */
public record CacheStats(long hits, long misses) {}
