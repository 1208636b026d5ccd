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
