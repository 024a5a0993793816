/**
 * Crash-safe persistence for codes: {@link io.txmatch.index.store.RecordLog} (an append-only log of checksummed
 * records, fsynced before a write is acknowledged, torn tails cut on open), {@link io.txmatch.index.store.SnapshotFile}
 * (magic, version, checksum) and {@link io.txmatch.index.store.IndexStore} (snapshots plus the log, with a lock
 * against a second process on the same directory). Unreadable files are refused with
 * {@link io.txmatch.index.store.CorruptLogException} or {@link io.txmatch.index.store.CorruptStoreException}.
 */
package io.txmatch.index.store;
