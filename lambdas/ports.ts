// What the use cases need from the world. Adapters in lambdas/adapters implement these with SDK v3.
import type { VersionRecord } from './core/ledger.ts';

/** One stored revision of a story object, as read from the upload bucket. */
export interface StoredRevision {
  readonly bytes: Uint8Array;
  readonly etag?: string;
  readonly versionId?: string;
  /** `x-amz-meta-*` metadata, lower-cased names, values decoded. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** One entry of an object's version list, oldest first. */
export interface ObjectVersionEntry {
  readonly versionId: string;
  readonly isDeleteMarker: boolean;
  readonly lastModified: string;
  readonly etag?: string;
  readonly size?: number;
}

/** Reads revisions from the upload bucket. */
export interface RevisionStore {
  /** Returns undefined when the object (or that version) no longer exists. */
  fetch(ref: { bucket: string; key: string; versionId?: string }): Promise<StoredRevision | undefined>;
  /**
   * The versions of one key newer than `afterVersionId` (all when undefined), oldest first.
   * Returns undefined when the bucket does not keep versions.
   */
  versionsAfter(bucket: string, key: string, afterVersionId: string | undefined): Promise<ObjectVersionEntry[] | undefined>;
  /** Every key under the prefix that has (or, on a versioned bucket, ever had) an object, with its current ETag. */
  listKeys(bucket: string, prefix: string): AsyncIterable<{ readonly key: string; readonly etag?: string }>;
}

/** Redline's own derived data: canonical texts (content-addressed) and overflowed patches. */
export interface Archive {
  putCanonical(sha256: string, text: string): Promise<void>;
  getCanonical(sha256: string): Promise<string | undefined>;
  putBlob(key: string, body: string): Promise<void>;
  getBlob(key: string): Promise<string | undefined>;
}

export interface Page<T> {
  readonly items: T[];
  /** Opaque cursor for the next page; undefined on the last page. */
  readonly cursor?: string;
}

/** The derived per-story item: what the latest version is (for listings and truncation checks). */
export interface StorySummary {
  readonly storyId: string;
  readonly latestVersion: number;
  readonly latestStatus: string;
  readonly latestChainHash?: string;
  readonly lastChangedAt: string;
  readonly headline?: string;
  readonly stealthCount: number;
}

/** The versioned change records of every story. */
export interface Ledger {
  /** The story's latest version record (strongly consistent). */
  latest(storyId: string): Promise<VersionRecord | undefined>;
  /** The earliest version of the story whose canonical content has this hash. */
  versionWithContent(storyId: string, sha256: string): Promise<number | undefined>;
  /**
   * Records a version. Succeeds only if the number is free; throws VersionConflictError when
   * another writer took it. Writing the version item is the commit point of a revision.
   */
  append(record: VersionRecord): Promise<void>;
  /** Brings the derived items (story summary, content index) up to `record`; idempotent. */
  rollForward(record: VersionRecord): Promise<void>;
  getVersion(storyId: string, version: number): Promise<VersionRecord | undefined>;
  summary(storyId: string): Promise<StorySummary | undefined>;
  history(storyId: string, options?: { newestFirst?: boolean; limit?: number; cursor?: string }): Promise<Page<VersionRecord>>;
}

/** A position in a read-side listing, as the store returned it; the use cases wrap it in a cursor. */
export type StartKey = Readonly<Record<string, unknown>>;

/** Read-side questions answered from the table's indexes (GSI1, GSI2) rather than one story's items. */
export interface StoryQueries {
  /** Story summaries, most recently changed first (GSI1 `STORIES`). */
  storiesByLastChange(options: { limit: number; startKey?: StartKey }): Promise<{ items: StorySummary[]; lastKey?: StartKey }>;
  /**
   * Version records with `eventTime` in [from, to] on one UTC day (GSI2 `DAY#<day>`, or only the
   * stealth ones from the sparse GSI3 `STEALTH#<day>`), in event time order (newest first when
   * `newestFirst`). Each item carries its own position so a page can end after any item, not
   * only where the store's page ended.
   */
  changesOnDay(
    day: string,
    options: { from: string; to: string; newestFirst: boolean; limit: number; stealthOnly?: boolean; startKey?: StartKey },
  ): Promise<{ items: { record: VersionRecord; position: StartKey }[]; lastKey?: StartKey }>;
}
