package io.llmcm.core.store;

import io.llmcm.core.model.CommitInfo;
import io.llmcm.core.model.EntryVersion;

/** One version of an entry together with the commit that wrote it. */
public record HistoryEntry(EntryVersion version, CommitInfo commit) {}
