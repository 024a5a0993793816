/**
 * Crash-safe persistence for codes: {@link io.txmatch.index.store.RecordLog} (an append-only log of checksummed
 * records, fsynced before a write is acknowledged, unacknowledged tails cut on open and logged; checkpointed, it
 * refuses a log shorter than what was acknowledged and can compact), {@link io.txmatch.index.store.SnapshotFile}
 * (magic, version, checksum), {@link io.txmatch.index.store.IndexStore} (snapshots plus the log) and
 * {@link io.txmatch.index.store.DirectoryLock} (one open store per directory, across processes). Unreadable files are refused with
 * {@link io.txmatch.index.store.CorruptLogException} or {@link io.txmatch.index.store.CorruptStoreException}.
 */
package io.txmatch.index.store;
