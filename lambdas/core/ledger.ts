// The ledger's record model and the pure rules that turn one revision into the next version record.
import { GENESIS_CHAIN_HASH, chainHashOf } from './hashing.ts';
import type { ChangeSummary, CanonicalPatch } from './engine/types.ts';
import type { RejectionCode } from './errors.ts';

import type { VersionStatus } from './vocabulary.ts';

export type { VersionStatus };

/** Where a revision came from in S3. */
export interface RevisionSource {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly sequencer?: string;
  readonly etag?: string;
  readonly size?: number;
  readonly eventName: string;
}

/** One revision as S3 reported it, before Redline reads its bytes. */
export interface RevisionEvent {
  readonly storyId: string;
  readonly change: 'created' | 'removed';
  readonly eventTime: string;
  readonly source: RevisionSource;
  readonly uploader?: string;
}

/** The content version the next version is compared with. */
export interface ContentRef {
  readonly version: number;
  readonly sha256: string;
}

/** A versioned change record: one entry of a story's ledger. */
export interface VersionRecord {
  readonly storyId: string;
  readonly version: number;
  readonly status: VersionStatus;
  /** When S3 applied the change (from the notification or the object listing). */
  readonly eventTime: string;
  /** When Redline recorded it. */
  readonly recordedAt: string;
  /**
   * Imported revisions only (`redline import`): the time the archive gives for the revision (file
   * manifest or mtime, commit time, JSON Lines `time`). `eventTime` carries the same value, so
   * time-window queries place the revision where the archive does.
   */
  readonly revisionTime?: string;
  readonly source: RevisionSource;
  readonly uploader?: string;
  readonly editor?: string;
  readonly note?: string;
  readonly format?: string;
  /** The headline of this version's content (content versions only). */
  readonly headline?: string;
  /** SHA-256 of this version's canonical text (content versions only). */
  readonly sha256?: string;
  /** Size of the canonical text in bytes (content versions only). */
  readonly canonicalBytes?: number;
  /** The latest content as of this version (itself for content versions). */
  readonly content?: ContentRef;
  /** The content version this one was compared with. */
  readonly comparedWith?: ContentRef;
  readonly revertOf?: number;
  /**
   * `unarchived` versions only: the version that recorded this S3 version as rejected `archived`
   * when it arrived. The record belongs at that place in S3's order (see `inS3Order`).
   */
  readonly restores?: number;
  readonly rejection?: { readonly code: RejectionCode; readonly reason: string };
  readonly change?: ChangeSummary;
  /** The exact edit script from `comparedWith`'s canonical text to this one's, inline … */
  readonly patch?: CanonicalPatch;
  /** … or, when too large for the record, in the archive under this key with this hash. */
  readonly patchRef?: { readonly key: string; readonly sha256: string };
  readonly previousChainHash: string;
  readonly chainHash: string;
}

export type UnchainedRecord = Omit<VersionRecord, 'chainHash' | 'previousChainHash'>;

/** Seals a record into the chain after `previous` (or the genesis link). */
export function chainRecord(record: UnchainedRecord, previous: VersionRecord | undefined): VersionRecord {
  const previousChainHash = previous?.chainHash ?? GENESIS_CHAIN_HASH;
  const sealed = { ...record, previousChainHash };
  return { ...sealed, chainHash: chainHashOf(sealed) };
}

/** Recomputes a stored record's chain hash from its fields. */
export function recomputeChainHash(record: VersionRecord): string {
  const { chainHash: _ignored, ...fields } = record;
  return chainHashOf(fields);
}

/**
 * Decides the status of a content version: a re-publish of the latest content, a revert to an
 * earlier version, a restore after deletion, or new content.
 */
export function contentStatus(
  previous: VersionRecord | undefined,
  sha256: string,
  earlierVersionWithSameContent: number | undefined,
): { status: VersionStatus; revertOf?: number } {
  if (previous?.status === 'deleted') return { status: 'restored' };
  if (previous?.content?.sha256 === sha256) return { status: 'unchanged' };
  if (earlierVersionWithSameContent !== undefined) return { status: 'revert', revertOf: earlierVersionWithSameContent };
  return { status: 'recorded' };
}

// ---------------------------------------------------------------------------------------------
// Archived uploads restored later. The ledger is append-only, so a version S3 held in an archive
// storage class stays rejected `archived`; once S3 can return it, it is appended as an
// `unarchived` version that `restores` the rejected one. Its change record is computed where it
// belongs in S3's order, and listings show it there.

/** Whether a record is a version rejected because S3 held it in an archive storage class. */
export function isArchivedRejection(record: Pick<VersionRecord, 'status' | 'rejection'>): boolean {
  return record.status === 'rejected' && record.rejection?.code === 'archived';
}

/** A version rejected `archived`, as the ledger's archive index lists it, and what restored it. */
export interface ArchivedVersion {
  readonly version: number;
  readonly key: string;
  readonly versionId?: string;
  /** The `unarchived` version that recorded it once restored (its content hash unless it was unreadable). */
  readonly restoredAs?: { readonly version: number; readonly sha256?: string };
}

/** Where an `unarchived` version sits among the story's content. */
export interface UnarchivedPlacement {
  /** The latest content before the archived version in S3's order: what its change record is computed against. */
  readonly comparedWith?: ContentRef;
  /** Whether the story's current content (the latest record's) comes later in S3's order and stays current. */
  readonly keepsCurrent: boolean;
}

/**
 * Places a restored upload in S3's order. `archived` lists the story's archived versions (with the
 * versions that restored them): a content version's place in S3's order is its own number, or for
 * an `unarchived` version the number of the version it restores.
 */
export function unarchivedPlacement(rejected: VersionRecord, latest: VersionRecord, archived: readonly ArchivedVersion[]): UnarchivedPlacement {
  const placeOf = (ref: ContentRef) => archived.find((entry) => entry.restoredAs?.version === ref.version)?.version ?? ref.version;
  let comparedWith = rejected.content;
  let place = comparedWith ? placeOf(comparedWith) : 0;
  // Versions archived before this one and restored since come between it and the content it kept.
  for (const entry of archived) {
    const sha256 = entry.restoredAs?.sha256;
    if (sha256 && entry.version < rejected.version && entry.version > place) {
      place = entry.version;
      comparedWith = { version: entry.restoredAs!.version, sha256 };
    }
  }
  return { ...(comparedWith ? { comparedWith } : {}), keepsCurrent: latest.content !== undefined && placeOf(latest.content) > rejected.version };
}

/** The `unarchived` record of each rejected version in a complete history (the first one, if a forgery added more). */
export function restorersIn(records: readonly VersionRecord[]): Map<number, VersionRecord> {
  const byVersion = new Map(records.map((record) => [record.version, record]));
  const restorers = new Map<number, VersionRecord>();
  for (const record of records) {
    if (record.status !== 'unarchived' || record.restores === undefined || restorers.has(record.restores)) continue;
    const rejected = byVersion.get(record.restores);
    if (rejected && isArchivedRejection(rejected)) restorers.set(record.restores, record);
  }
  return restorers;
}

/**
 * Lists records in S3's order: each `unarchived` record next to the rejected version it restores
 * (after it oldest first, before it newest first) instead of at its own number. `restorers` maps a
 * rejected version to its `unarchived` record, wherever in the history that is (a page of a
 * history gets them from the archive index); records not named there stay where they are.
 */
export function inS3Order(records: readonly VersionRecord[], restorers: ReadonlyMap<number, VersionRecord>, newestFirst = false): VersionRecord[] {
  const listed: VersionRecord[] = [];
  for (const record of records) {
    if (record.status === 'unarchived' && record.restores !== undefined && restorers.get(record.restores)?.version === record.version) continue;
    const restorer = restorers.get(record.version);
    if (restorer && newestFirst) listed.push(restorer);
    listed.push(record);
    if (restorer && !newestFirst) listed.push(restorer);
  }
  return listed;
}
