// What the use cases need from the world. Adapters in lambdas/adapters implement these with SDK v3.
import type { ArchivedVersion, VersionRecord } from './core/ledger.ts';
import type { Tile, TileRef } from './core/merkle.ts';
export type { NoteSigner } from './core/checkpoint.ts';
import type { RevisionFormat } from './core/engine/types.ts';

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

/** One object version to read; `size` when the listing or the event already said it. */
export interface RevisionRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly size?: number;
}

export interface FetchLimits {
  /** Largest object read: larger ones are refused from their size before reading, or while streaming. */
  readonly maxBytes: number;
}

/** Reads revisions from the upload bucket. */
export interface RevisionStore {
  /**
   * Returns undefined when the object (or that version) no longer exists. Throws
   * RevisionRejectedError for what retrying cannot fix: `too-large`, `archived`, `access-denied`.
   */
  fetch(ref: RevisionRef, limits: FetchLimits): Promise<StoredRevision | undefined>;
  /**
   * Every version and delete marker of one key, newest first, in S3's order (paged lazily, so a
   * caller that stops early reads only what it needs). Undefined when the bucket keeps no versions.
   */
  versionsNewestFirst(bucket: string, key: string): Promise<AsyncIterable<ObjectVersionEntry> | undefined>;
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

/** Where the deployed API leaves an answer too large for its own response (a Lambda function URL returns at most 6 MB). */
export interface LargeAnswers {
  /** Stores the answer under `key` (content-addressed: the same answer, the same key) and returns a URL that reads it until `expiresAt`. */
  publish(answer: { readonly key: string; readonly body: Uint8Array; readonly contentType: string }): Promise<{ readonly url: string; readonly expiresAt: Date }>;
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
  /**
   * Brings the derived items (story summary, content index, source index, the record's entry in
   * the transparency log's queue) up to `record`; idempotent.
   */
  rollForward(record: VersionRecord): Promise<void>;
  /**
   * The version that recorded this S3 object version of this key (strongly consistent), from the
   * source index that rollForward keeps; undefined when no record names it. `versionId` is
   * `null` for a revision recorded from an unversioned bucket.
   */
  recordedVersionOf(storyId: string, key: string, versionId: string): Promise<number | undefined>;
  getVersion(storyId: string, version: number): Promise<VersionRecord | undefined>;
  /**
   * The story's versions rejected `archived`, oldest first, each with the `unarchived` version that
   * restored it (strongly consistent), from the archive index rollForward keeps: after rolling the
   * latest record forward, complete for every record up to it.
   */
  archivedVersions(storyId: string): Promise<ArchivedVersion[]>;
  /**
   * Builds the story's archive index from its records, once, if it was never built (a story whose
   * first version was recorded before the index existed); idempotent, and a no-op afterwards.
   */
  indexArchivedVersions(storyId: string): Promise<void>;
  /**
   * The first version whose stored index attributes (the GSI keys the stealth and changes
   * reports read) differ from those derived from the record itself; undefined when all agree.
   */
  indexDrift(storyId: string): Promise<{ readonly version: number; readonly detail: string } | undefined>;
  /** Every story that has at least one version record, from the records themselves (not the summaries). */
  storyIds(): AsyncIterable<string>;
  summary(storyId: string): Promise<StorySummary | undefined>;
  history(storyId: string, options?: { newestFirst?: boolean; limit?: number; cursor?: string }): Promise<Page<VersionRecord>>;
}

/** A version record whose stored index keys do not place it where its record says, and which listing misses it. */
export interface UnindexedVersion {
  readonly record: VersionRecord;
  /** The changes listing (GSI2) does not find it where it belongs. */
  readonly offChanges: boolean;
  /** A stealth version the stealth listing (GSI3) does not find where it belongs. */
  readonly offStealth: boolean;
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
  /**
   * The index keys are outside the hash chain, so `changesOnDay` cannot see a version whose keys
   * were removed or altered. This reads the version records themselves — of the stories changed
   * since `from` (GSI1), most recent first, at most `maxStories` — and returns those with `eventTime`
   * in [from, to) whose stored GSI2/GSI3 keys differ from the keys their record derives.
   * `complete` is false when more stories changed than were read.
   */
  unindexedVersions(options: { from: string; to: string; maxStories: number }): Promise<{ items: UnindexedVersion[]; storiesChecked: number; complete: boolean }>;
}

/** The transparency log's committed state: the latest signed checkpoint and what it commits to. */
export interface LogState {
  readonly origin: string;
  readonly size: number;
  /** Base64, as in the checkpoint. */
  readonly rootHash: string;
  /** The signed note's full text. */
  readonly checkpoint: string;
  readonly verifierKey: string;
  readonly signedAt: string;
}

/** Which version record a log leaf is. */
export interface LeafKey {
  readonly storyId: string;
  readonly version: number;
}

/** A version record waiting to be appended to the log. */
export interface PendingLeaf extends LeafKey {
  readonly chainHash: string;
  /** When it (or the first of its story's versions waiting with it) was recorded: the queue's order and the integration-lag metric. */
  readonly recordedAt: string;
}

/** Leaves [from, to) whose stories' leaf indexes may not name them yet (a crash after commit). */
export interface LeafRun {
  readonly from: number;
  readonly to: number;
}

/**
 * Where the transparency log keeps its tree (hash tiles), leaf keys and checkpoints. One
 * integrator writes at a time (a lease); readers only trust what the committed state covers.
 */
export interface CheckpointQuery {
  readonly oldestFirst?: boolean;
  readonly aboveSize?: number;
  readonly atMostSize?: number;
}

export interface TransparencyLogStore {
  state(): Promise<LogState | undefined>;
  /**
   * Takes the integrator lease until `until` (throws LogBusyError while another integrator holds
   * it); returns the committed state and any leaves whose records are not yet marked.
   */
  lease(owner: string, now: Date, until: Date): Promise<{ state?: LogState; unmarked?: LeafRun }>;
  release(owner: string): Promise<void>;
  /**
   * Version records waiting in the log's queue (their writers put them there after committing them,
   * with their chain hashes), oldest story first, each story's in version order; whole queue entries,
   * so up to `limit` plus one entry's worth. Versions the log already holds are skipped and cleared.
   */
  pending(limit: number): Promise<PendingLeaf[]>;
  /** Puts records in the queue (a backfill of records the log has never seen). */
  enqueue(leaves: readonly PendingLeaf[]): Promise<void>;
  /** Stored tiles by `tileId` (possibly wider than the committed tree: callers trim). */
  readTiles(refs: readonly TileRef[]): Promise<Map<string, Uint8Array>>;
  writeTiles(tiles: readonly Tile[]): Promise<void>;
  /** The keys of leaves bundle·256 … (possibly more than the committed tree: callers trim). */
  readLeafKeys(bundle: number): Promise<LeafKey[]>;
  writeLeafKeys(bundle: number, keys: readonly LeafKey[]): Promise<void>;
  /** The commit point: succeeds only for the lease owner and while the state is still `previousSize`. */
  commit(owner: string, previousSize: number, state: LogState, unmarked: LeafRun): Promise<void>;
  /**
   * Notes the leaf index of each leaf of `run` in its story's leaf index, removes their queue
   * entries, then clears `unmarked`. Touches no version record.
   */
  markLogged(run: LeafRun, leaves: readonly LeafKey[]): Promise<void>;
  leafIndexOf(storyId: string, version: number): Promise<number | undefined>;
  /**
   * Signed checkpoints, newest first (oldest first with `oldestFirst`); only those of more than
   * `aboveSize` and at most `atMostSize` leaves when given.
   */
  checkpoints(limit: number, options?: CheckpointQuery): Promise<LogState[]>;
}

/** Where every checkpoint is also kept write-once (an S3 Object Lock bucket on AWS). */
export interface CheckpointPublisher {
  publish(state: LogState): Promise<void>;
}

/** One revision of a story in an archive being imported (`redline import`). */
export interface ArchivedRevision {
  /** Stable id within the archive (file path, commit:path, entry hash): an import run again finds it recorded. */
  readonly importId: string;
  /** Where the revision is in the archive, for records and messages. */
  readonly path: string;
  /** The archive's own time for the revision (ISO 8601), when it gives one. */
  readonly revisionTime?: string;
  readonly editor?: string;
  readonly note?: string;
  /** The story format; undefined when the archive names one Redline does not read (recorded as rejected). */
  readonly format: RevisionFormat | undefined;
  readonly change: 'created' | 'removed';
  /** Why this revision cannot be read as given (bad time, missing content): recorded as rejected. */
  readonly problem?: string;
  /** The revision's bytes; read only when it is recorded. */
  read(): Promise<Uint8Array>;
}

export interface ArchivedStory {
  readonly storyId: string;
  /** In the archive's order: the order they become versions. */
  readonly revisions: readonly ArchivedRevision[];
}

/** An archive entry that names no usable story: reported, never recorded and never silently dropped. */
export interface ArchiveProblem {
  readonly where: string;
  readonly reason: string;
}

/** An existing archive of story revisions: a folder tree, a git history, JSON Lines. */
export interface RevisionArchive {
  readonly kind: 'folder' | 'git' | 'jsonl';
  readonly description: string;
  read(): Promise<{ readonly stories: readonly ArchivedStory[]; readonly problems: readonly ArchiveProblem[] }>;
  close?(): Promise<void>;
}
