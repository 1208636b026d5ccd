// Use case: record what S3 reports about a story object as the next version(s) in its ledger.
//
// The notification is a trigger, not the truth: on a versioned bucket Redline lists the key's
// versions and records every one the ledger lacks, oldest first, so late, duplicate or reordered
// notifications cannot reorder the ledger. On an unversioned bucket the per-key sequencer orders
// revisions and anything not newer than the latest recorded one is a duplicate.
import { setTimeout as sleep } from 'node:timers/promises';
import { RevisionRejectedError, VersionConflictError, WorkBudgetExceededError } from '../core/errors.ts';
import { sha256Hex } from '../core/hashing.ts';
import {
  chainRecord,
  contentStatus,
  isArchivedRejection,
  unarchivedPlacement,
  type ArchivedVersion,
  type RevisionEvent,
  type UnarchivedPlacement,
  type UnchainedRecord,
  type VersionRecord,
} from '../core/ledger.ts';
import { compareSequencers, type ObjectChange } from '../core/s3-events.ts';
import { keyForDisplay, storyKeyFor } from '../core/story-keys.ts';
// The engine's modules, not its index: the index loads the markup reader up front, and the
// ingest function's cold start should not (contentRecord loads it for the formats that need it).
import { loadMarkupReader, MARKUP_FORMATS, normalizeRevision } from '../core/engine/normalize.ts';
import { parseCanonical, renderCanonical } from '../core/engine/canonical.ts';
import { compareDocuments, DEFAULT_WORK_BUDGET, type CompareOptions } from '../core/engine/compare.ts';
import type { RevisionChange, RevisionFormat, StoryDocument } from '../core/engine/types.ts';
import type { Archive, Ledger, ObjectVersionEntry, RevisionStore } from '../ports.ts';

export interface IngestConfig {
  /** Keys under this prefix are stories. @default 'stories/' */
  readonly storyPrefix: string;
  /** Largest upload Redline reads; larger ones are recorded as rejected. */
  readonly maxRevisionBytes: number;
  /** Patches larger than this many bytes of JSON go to the archive instead of the record. */
  readonly maxInlinePatchBytes: number;
  /** Formats this deployment reads; others are recorded as rejected. @default every format */
  readonly acceptedFormats?: readonly RevisionFormat[];
  /** The engine's work budget per comparison (core/engine/compare.ts); over it a revision is rejected `too-slow`. @default DEFAULT_WORK_BUDGET */
  readonly workBudget?: number;
}

export interface IngestDeps {
  readonly revisions: RevisionStore;
  readonly archive: Archive;
  readonly ledger: Ledger;
  readonly config: IngestConfig;
  readonly clock: () => Date;
  /** Told of every version once it is in the ledger (the Lambda handler turns these into metrics). */
  readonly onRecorded?: (recorded: RecordedVersion) => void;
}

/** A version just appended, with what metrics want that the record does not hold. */
export interface RecordedVersion {
  readonly record: VersionRecord;
  /** Bytes of its patch as JSON, inline or overflowed to the archive; undefined without one. */
  readonly patchBytes?: number;
}

/** Patch sizes of the records this module built (an overflowed patch's size is not in its record). */
const patchBytesOf = new WeakMap<VersionRecord, number>();

export type IngestOutcome =
  | { readonly outcome: 'recorded'; readonly storyId: string; readonly version: number; readonly status: VersionRecord['status'] }
  | { readonly outcome: 'duplicate'; readonly storyId: string; readonly detail: string }
  | { readonly outcome: 'ignored'; readonly reason: string; readonly detail: string }
  /** A version rejected `archived` that S3 still cannot return (not restored yet, or gone): nothing appended. */
  | { readonly outcome: 'still-archived'; readonly storyId: string; readonly version: number; readonly detail: string };

export interface IngestOptions {
  /**
   * Also record this key's versions the ledger holds as rejected `archived` that S3 can return now
   * (`redline backfill`). A `restored` change (S3's restore-completed notification) does this for
   * its own version whatever the option.
   */
  readonly restoredVersions?: boolean;
}

/** How often a writer re-plans after losing a version number to a concurrent writer. */
const MAX_CONFLICT_ATTEMPTS = 12;

export class ConflictRetriesExhaustedError extends Error {
  constructor(storyId: string) {
    super(`story "${storyId}": lost the race for the next version ${MAX_CONFLICT_ATTEMPTS} times; will be retried`);
    this.name = 'ConflictRetriesExhaustedError';
  }
}

export async function ingestChange(change: ObjectChange, deps: IngestDeps, options: IngestOptions = {}): Promise<IngestOutcome[]> {
  const story = storyKeyFor(change.key, deps.config.storyPrefix);
  if (story.kind === 'ignored') return [{ outcome: 'ignored', reason: story.reason, detail: story.detail }];
  const { storyId } = story;
  // An unusable story id: every version is on record, as rejected, under a stand-in id.
  const reading: RecordReading = story.kind === 'story' ? { format: story.format } : { unreadable: new RevisionRejectedError('invalid-story-id', story.detail) };
  const outcomes: IngestOutcome[] = [];
  const restoring = change.change === 'restored' || options.restoredVersions === true;
  const commit = async (record: VersionRecord) => {
    await deps.ledger.append(record);
    await deps.ledger.rollForward(record);
    const patchBytes = patchBytesOf.get(record);
    deps.onRecorded?.({ record, ...(patchBytes !== undefined ? { patchBytes } : {}) });
    outcomes.push({ outcome: 'recorded', storyId, version: record.version, status: record.status });
  };
  for (let attempt = 1; attempt <= MAX_CONFLICT_ATTEMPTS; attempt++) {
    let latest = await deps.ledger.latest(storyId);
    if (latest) await deps.ledger.rollForward(latest);
    // An `unarchived` version is an old upload recorded late: S3's order goes on from the newest
    // record that is not one.
    let s3Latest = await latestInS3Order(latest, deps);
    // A restore changes no version of the key: only the archived one it completes is read.
    const pending = change.change === 'restored' ? [] : await pendingRevisions(storyId, change, s3Latest, deps);
    if (pending === 'no-versions') {
      if (outcomes.length === 0) {
        outcomes.push({ outcome: 'ignored', reason: 'no-versions', detail: `S3 lists no version of s3://${change.bucket}/${keyForDisplay(change.key)}: nothing to record` });
      }
      return outcomes;
    }
    if (pending.length === 0 && !restoring) {
      if (outcomes.length === 0) {
        outcomes.push({ outcome: 'duplicate', storyId, detail: `${change.eventName} of s3://${change.bucket}/${keyForDisplay(change.key)} is already in the ledger` });
      }
      return outcomes;
    }
    try {
      for (const revision of pending) {
        const record = await buildRecord(revision, reading, latest, deps, s3Latest);
        await commit(record);
        latest = record;
        s3Latest = record;
      }
      const stillArchived: IngestOutcome[] = [];
      if (restoring && latest && reading.format !== undefined) {
        await recordRestoredVersions(storyId, change, latest, reading.format, deps, commit, stillArchived);
      }
      outcomes.push(...stillArchived);
      if (outcomes.length === 0) {
        const what = `${change.eventName} of s3://${change.bucket}/${keyForDisplay(change.key)}`;
        outcomes.push({
          outcome: 'duplicate',
          storyId,
          detail: change.change === 'restored' ? `${what}: no version of it waits in the ledger as rejected (archived); nothing to record` : `${what} is already in the ledger`,
        });
      }
      return outcomes;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      await sleep(Math.random() * 20 * attempt);
    }
  }
  throw new ConflictRetriesExhaustedError(storyId);
}

/** The newest record that is not an `unarchived` one (those sit earlier in S3's order). */
async function latestInS3Order(latest: VersionRecord | undefined, deps: IngestDeps): Promise<VersionRecord | undefined> {
  let record = latest;
  while (record?.status === 'unarchived' && record.version > 1) record = await deps.ledger.getVersion(record.storyId, record.version - 1);
  return record;
}

/**
 * Records, as `unarchived` versions, this key's versions the ledger holds as rejected `archived`
 * that S3 can return now (restored, or moved out of the archive), oldest first; each once: the
 * archive index marks a version restored when the `unarchived` record is rolled forward, and a
 * writer that loses the race for the version number re-plans from the ledger. A version S3 still
 * cannot return is reported in `stillArchived` and nothing is appended.
 */
async function recordRestoredVersions(
  storyId: string,
  change: ObjectChange,
  latest: VersionRecord,
  format: RevisionFormat,
  deps: IngestDeps,
  commit: (record: VersionRecord) => Promise<void>,
  stillArchived: IngestOutcome[],
): Promise<VersionRecord> {
  await deps.ledger.indexArchivedVersions(storyId);
  const archived: ArchivedVersion[] = await deps.ledger.archivedVersions(storyId);
  for (const [index, entry] of archived.entries()) {
    if (entry.restoredAs || entry.key !== change.key) continue;
    // S3's restore-completed notification names the version it restored.
    if (change.change === 'restored' && change.versionId !== undefined && entry.versionId !== change.versionId) continue;
    // The index is derived data: the record decides.
    const rejected = await deps.ledger.getVersion(storyId, entry.version);
    if (!rejected || !isArchivedRejection(rejected) || rejected.source.key !== entry.key || rejected.source.versionId !== entry.versionId) continue;
    const { bucket, key, versionId, etag, size } = rejected.source;
    const what = `version ${rejected.version} (s3://${bucket}/${keyForDisplay(key)}${versionId ? ` version ${versionId}` : ''})`;
    let stored;
    try {
      stored = await deps.revisions.fetch({ bucket, key, versionId, ...(size !== undefined ? { size } : {}) }, { maxBytes: deps.config.maxRevisionBytes });
    } catch (error) {
      if (!(error instanceof RevisionRejectedError)) throw error;
      stillArchived.push({ outcome: 'still-archived', storyId, version: rejected.version, detail: `${what} cannot be read yet (${error.code}): ${error.message}` });
      continue;
    }
    // Unversioned bucket: the key now holds another upload; the archived one is gone.
    if (!stored || (!versionId && etag && stored.etag && stored.etag !== etag)) {
      stillArchived.push({ outcome: 'still-archived', storyId, version: rejected.version, detail: `${what} no longer exists in S3; it stays rejected` });
      continue;
    }
    const base: RecordBase = {
      storyId,
      version: latest.version + 1,
      eventTime: rejected.eventTime,
      recordedAt: deps.clock().toISOString(),
      source: { ...rejected.source, eventName: change.eventName },
      ...(rejected.uploader ? { uploader: rejected.uploader } : {}),
      ...(latest.content ? { content: latest.content } : {}),
    };
    const metadata = {
      ...(stored.metadata.editor ? { editor: stored.metadata.editor } : {}),
      ...(stored.metadata.note ? { note: stored.metadata.note } : {}),
    };
    const record = await contentRecord(base, stored.bytes, format, metadata, latest, deps, undefined, {
      restores: { version: rejected.version, ...unarchivedPlacement(rejected, latest, archived) },
    });
    await commit(record);
    archived[index] = { ...entry, restoredAs: { version: record.version, ...(record.sha256 ? { sha256: record.sha256 } : {}) } };
    latest = record;
  }
  return latest;
}

function revisionFromChange(storyId: string, change: ObjectChange): RevisionEvent {
  return {
    storyId,
    // (a `restored` change is never a new revision: ingestChange does not plan one from it)
    change: change.change === 'removed' ? 'removed' : 'created',
    eventTime: change.eventTime,
    uploader: change.principalId,
    source: {
      bucket: change.bucket,
      key: change.key,
      versionId: change.versionId,
      sequencer: change.sequencer,
      etag: change.eTag,
      size: change.size,
      eventName: change.eventName,
    },
  };
}

/**
 * The revisions of this key that S3 applied and the ledger does not have yet, oldest first.
 * Whether the bucket keeps versions decides the path, not the event: some S3 implementations
 * (moto, the stand-ins) send events without versionId or sequencer.
 */
async function pendingRevisions(storyId: string, change: ObjectChange, latest: VersionRecord | undefined, deps: IngestDeps): Promise<RevisionEvent[] | 'no-versions'> {
  const sameObject = latest?.source.bucket === change.bucket && latest.source.key === change.key;
  const listing = await deps.revisions.versionsNewestFirst(change.bucket, change.key);
  if (listing) {
    const versions = await unrecordedVersions(storyId, change.key, listing, latest, sameObject, deps);
    if (versions === 'no-versions') return versions;
    return versions.map((entry) => ({
      storyId,
      change: entry.isDeleteMarker ? 'removed' : 'created',
      // S3's own time for the version: the same whichever event triggered the walk.
      eventTime: entry.lastModified,
      ...(entry.versionId === change.versionId && change.principalId ? { uploader: change.principalId } : {}),
      source: {
        bucket: change.bucket,
        key: change.key,
        versionId: entry.versionId,
        ...(entry.versionId === change.versionId && change.sequencer ? { sequencer: change.sequencer } : {}),
        ...(entry.etag ? { etag: entry.etag } : {}),
        ...(entry.size !== undefined ? { size: entry.size } : {}),
        eventName: entry.versionId === change.versionId ? change.eventName : entry.isDeleteMarker ? 'ObjectRemoved:DeleteMarkerCreated' : 'ObjectCreated:Put',
      },
    }));
  }
  if (sameObject && latest) {
    const latestSequencer = latest.source.sequencer;
    if (latestSequencer && change.sequencer) {
      // Not newer than what the ledger has: a duplicate, or (unversioned bucket) a late event
      // whose bytes S3 no longer holds.
      if (compareSequencers(change.sequencer, latestSequencer) <= 0) return [];
    } else if (change.change === (latest.status === 'deleted' ? 'removed' : 'created') && change.eTag === latest.source.etag) {
      // No sequencers to order by: the same change as the latest version is taken for a redelivery.
      return [];
    }
  }
  return [revisionFromChange(storyId, change)];
}

/**
 * The versions of this key that no record names, oldest first. Walks S3's list newest first and
 * stops at the first version some record names — per key, so a story uploaded under two keys
 * (`x.md`, `x.html`) records each S3 version once; and by looking each version up rather than
 * waiting for one marker, so a purged version never makes the walk re-record the whole history.
 * Versions in the same second as that stopping point are looked up too: a listing that does not
 * interleave delete markers (moto) may list a delete after the version it followed, and the
 * delete is then recorded (ordered within its second) instead of lost.
 */
async function unrecordedVersions(
  storyId: string,
  key: string,
  listing: AsyncIterable<ObjectVersionEntry>,
  latest: VersionRecord | undefined,
  sameObject: boolean,
  deps: IngestDeps,
): Promise<ObjectVersionEntry[] | 'no-versions'> {
  // The latest record names the newest recorded version of its own key, so when this key's walk
  // reaches it, everything listed before it is new: no lookups on the usual path.
  const isLatest = (entry: ObjectVersionEntry): boolean =>
    sameObject && latest !== undefined &&
    (latest.source.versionId === entry.versionId ||
      // The ledger recorded this key while the bucket kept no versions; versioning was turned on
      // since. Versions S3 kept from before then are already in the ledger.
      (latest.source.versionId === undefined && entry.lastModified <= latest.eventTime));
  const isRecorded = async (entry: ObjectVersionEntry): Promise<boolean> =>
    // A story with no record has recorded nothing.
    latest !== undefined && (isLatest(entry) || (await deps.ledger.recordedVersionOf(storyId, key, entry.versionId)) !== undefined);

  const listed: ObjectVersionEntry[] = [];
  let stopAt = -1;
  const iterator = listing[Symbol.asyncIterator]();
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    listed.push(next.value);
    if (isLatest(next.value)) {
      stopAt = listed.length - 1;
      break;
    }
  }
  if (listed.length === 0) return 'no-versions';
  if (stopAt < 0 && latest !== undefined) {
    // Another key of the story, or the latest recorded version was purged: look each one up.
    for (let index = 0; index < listed.length && stopAt < 0; index++) if (await isRecorded(listed[index]!)) stopAt = index;
  }
  if (stopAt < 0) return listed.reverse();
  const newer = listed.slice(0, stopAt).reverse();
  // Delete markers a listing put after the stopping version within its second (see above).
  const stop = listed[stopAt]!;
  const sameSecond: ObjectVersionEntry[] = [];
  const tail = async function* () {
    yield* listed.slice(stopAt + 1);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  for await (const entry of tail()) {
    if (secondOf(entry.lastModified) !== secondOf(stop.lastModified)) break;
    if (entry.isDeleteMarker && !(await isRecorded(entry))) sameSecond.push(entry);
  }
  return [...sameSecond.reverse(), ...newer];
}

function secondOf(isoTime: string): string {
  return isoTime.slice(0, 19);
}

/** How a key's versions are read: in their format, or not at all (rejected for the key itself). */
type RecordReading = { readonly format: RevisionFormat | undefined; readonly unreadable?: undefined } | { readonly format?: undefined; readonly unreadable: RevisionRejectedError };

async function buildRecord(
  revision: RevisionEvent,
  { format, unreadable }: RecordReading,
  previous: VersionRecord | undefined,
  deps: IngestDeps,
  s3Previous: VersionRecord | undefined,
): Promise<VersionRecord> {
  const base = {
    storyId: revision.storyId,
    version: (previous?.version ?? 0) + 1,
    eventTime: revision.eventTime,
    recordedAt: deps.clock().toISOString(),
    source: revision.source,
    ...(revision.uploader ? { uploader: revision.uploader } : {}),
    ...(previous?.content ? { content: previous.content } : {}),
  };
  if (revision.change === 'removed') return chainRecord({ ...base, status: 'deleted' }, previous);

  const { bucket, key, versionId, etag, size } = revision.source;
  const reject = (rejection: RevisionRejectedError, metadata: { editor?: string; note?: string } = {}) =>
    chainRecord({ ...base, ...metadata, status: 'rejected', rejection: { code: rejection.code, reason: rejection.message } }, previous);
  if (unreadable) return reject(unreadable);
  let stored;
  try {
    stored = await deps.revisions.fetch({ bucket, key, versionId, ...(size !== undefined ? { size } : {}) }, { maxBytes: deps.config.maxRevisionBytes });
  } catch (error) {
    // Archived, access denied, too large: S3 will answer the same on every retry.
    if (error instanceof RevisionRejectedError) return reject(error);
    throw error;
  }
  const metadata = {
    ...(stored?.metadata.editor ? { editor: stored.metadata.editor } : {}),
    ...(stored?.metadata.note ? { note: stored.metadata.note } : {}),
  };
  const overwritten = stored && !versionId && etag && stored.etag && stored.etag !== etag;
  if (!stored || overwritten) {
    const reason = stored
      ? `s3://${bucket}/${key} was overwritten before Redline read it (unversioned bucket; ETag ${etag} is gone)`
      : `s3://${bucket}/${key}${versionId ? ` version ${versionId}` : ''} no longer exists in S3`;
    return chainRecord({ ...base, status: 'rejected', rejection: { code: 'unavailable', reason } }, previous);
  }

  return contentRecord(base, stored.bytes, format, metadata, previous, deps, undefined, s3Previous === previous ? {} : { s3Previous });
}

/** The record fields every version carries, before its content is read. */
export type RecordBase = Pick<UnchainedRecord, 'storyId' | 'version' | 'eventTime' | 'recordedAt' | 'source' | 'uploader' | 'content' | 'revisionTime'>;

/**
 * What a writer that records many revisions of one story in a row already knows (an import):
 * documents it rendered, and — when the story had no versions before it started — every content
 * hash the story has, so neither needs a round trip to the archive or the ledger.
 */
export interface StoryMemory {
  readonly documents: Map<string, StoryDocument>;
  /** Earliest version of each content hash; complete only when `complete` is set. */
  readonly contentVersions: Map<string, number>;
  complete: boolean;
}

/** Where a content version goes when it is not simply the next upload after `previous`. */
export interface ContentPlacement {
  /** The record just before this revision in S3's order, when `unarchived` versions were appended after it. */
  readonly s3Previous?: VersionRecord | undefined;
  /** An archived upload read after a restore: the rejected version it completes, and where it sits. */
  readonly restores?: { readonly version: number } & UnarchivedPlacement;
}

/**
 * Reads one revision's bytes into the next version record: rejected when they are not a story,
 * else normalized, archived (canonical text), compared with the previous content and chained.
 * The one place a content version is built: S3 uploads (above) and imports use it alike.
 */
export async function contentRecord(
  base: RecordBase,
  bytes: Uint8Array,
  format: RevisionFormat | undefined,
  metadata: { readonly editor?: string; readonly note?: string },
  previous: VersionRecord | undefined,
  deps: IngestDeps,
  memory?: StoryMemory,
  placement: ContentPlacement = {},
): Promise<VersionRecord> {
  const { restores } = placement;
  const s3Previous = 's3Previous' in placement ? placement.s3Previous : previous;
  // A restored upload that cannot be read as a story still completes its archived version, once.
  const reject = (rejection: RevisionRejectedError, kept: typeof metadata) =>
    chainRecord(
      {
        ...base,
        ...kept,
        ...(restores ? { status: 'unarchived' as const, restores: restores.version } : { status: 'rejected' as const }),
        rejection: { code: rejection.code, reason: rejection.message },
      },
      previous,
    );
  let document: StoryDocument;
  try {
    const accepted = deps.config.acceptedFormats;
    if (format && accepted && !accepted.includes(format)) {
      throw new RevisionRejectedError('unknown-format', `${format} uploads are not accepted by this deployment (accepted: ${accepted.join(', ')})`);
    }
    if (format && MARKUP_FORMATS.has(format)) await loadMarkupReader();
    document = normalizeRevision(bytes, format, { maxBytes: deps.config.maxRevisionBytes });
  } catch (error) {
    if (!(error instanceof RevisionRejectedError)) throw error;
    return reject(error, metadata);
  }
  const canonical = renderCanonical(document);
  const sha256 = sha256Hex(canonical);
  if (!memory?.documents.has(sha256)) await deps.archive.putCanonical(sha256, canonical);

  let status: VersionRecord['status'];
  let revertOf: number | undefined;
  if (restores) status = 'unarchived';
  else {
    const known = memory?.contentVersions.get(sha256);
    const earlier =
      previous?.content?.sha256 === sha256 ? undefined : known !== undefined || memory?.complete ? known : await deps.ledger.versionWithContent(base.storyId, sha256);
    ({ status, revertOf } = contentStatus(s3Previous?.status === 'deleted' ? s3Previous : previous, sha256, earlier));
  }
  const comparedWith = restores ? restores.comparedWith : previous?.content;
  // The format of the content version compared with, when the latest record is that version.
  const previousFormat = !restores && previous?.content && previous.content.version === previous.version ? (previous.format as RevisionFormat | undefined) : undefined;
  let change: RevisionChange;
  try {
    change = await compareWithPrevious(comparedWith?.sha256, document, { previousFormat, nextFormat: format, workBudget: deps.config.workBudget ?? DEFAULT_WORK_BUDGET }, deps, memory);
  } catch (error) {
    // The engine gave up within its work budget: the same bytes would exhaust it on every retry.
    if (!(error instanceof WorkBudgetExceededError)) throw error;
    return reject(new RevisionRejectedError('too-slow', `comparing with version ${comparedWith?.version ?? 0} exceeded the engine's work budget: ${error.message}`), metadata);
  }
  const patch = await storePatch(base.storyId, comparedWith?.sha256, sha256, change, deps);
  const record: UnchainedRecord = {
    ...base,
    ...metadata,
    status,
    ...(revertOf !== undefined ? { revertOf } : {}),
    ...(restores ? { restores: restores.version } : {}),
    format: format ?? 'text',
    headline: clip(document.headline, MAX_INLINE_HEADLINE),
    sha256,
    canonicalBytes: Buffer.byteLength(canonical, 'utf8'),
    // A restored upload becomes the story's current text only if nothing came after it in S3's order.
    content: restores?.keepsCurrent && base.content ? base.content : { version: base.version, sha256 },
    ...(comparedWith ? { comparedWith } : {}),
    change: change.summary,
    ...patch.fields,
  };
  if (memory) {
    memory.documents.set(sha256, document);
    // The previous content is what the next revision compares with; a few more cover reverts.
    if (memory.documents.size > 8) memory.documents.delete(memory.documents.keys().next().value!);
    if (!memory.contentVersions.has(sha256)) memory.contentVersions.set(sha256, base.version);
  }
  const chained = chainRecord(record, previous);
  patchBytesOf.set(chained, patch.bytes);
  return chained;
}

async function compareWithPrevious(previousSha: string | undefined, document: StoryDocument, formats: CompareOptions, deps: IngestDeps, memory?: StoryMemory): Promise<RevisionChange> {
  if (!previousSha) return compareDocuments(undefined, document, formats);
  const remembered = memory?.documents.get(previousSha);
  if (remembered) return compareDocuments(remembered, document, formats);
  const previousText = await deps.archive.getCanonical(previousSha);
  if (previousText === undefined) throw new Error(`archive is missing canonical text ${previousSha}; cannot diff`);
  return compareDocuments(parseCanonical(previousText), document, formats);
}

/** Longest headline kept in the record; the archive has the full canonical text. */
const MAX_INLINE_HEADLINE = 500;

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

async function storePatch(storyId: string, fromSha: string | undefined, toSha: string, change: RevisionChange, deps: IngestDeps) {
  const json = JSON.stringify(change.patch);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= deps.config.maxInlinePatchBytes) return { fields: { patch: change.patch }, bytes };
  const key = `patches/${storyId}/${fromSha ?? 'genesis'}-${toSha}.json`;
  await deps.archive.putBlob(key, json);
  return { fields: { patchRef: { key, sha256: sha256Hex(json) } }, bytes };
}
