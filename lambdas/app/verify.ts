// Use case: recompute a story's hash chain from its records AND the archived canonical texts, and
// name the first version that does not match. Verification never trusts a stored hash it can
// recompute.
import { RevisionRejectedError } from '../core/errors.ts';
import { GENESIS_CHAIN_HASH, sha256Hex } from '../core/hashing.ts';
import { isArchivedRejection, recomputeChainHash, type VersionRecord } from '../core/ledger.ts';
import { applyPatch, normalizeRevision, renderCanonical, type CanonicalPatch, type RevisionFormat } from '../core/engine/index.ts';
import type { Archive, Ledger, ObjectVersionEntry, RevisionStore, StorySummary } from '../ports.ts';

export type VerificationProblemKind =
  /** A version number is missing or out of place (deleted or reordered records). */
  | 'sequence'
  /** previousChainHash does not link to the version before (removed, inserted or swapped records). */
  | 'link'
  /** The record's fields no longer hash to its chainHash (an edited record). */
  | 'record'
  /** The archived canonical text is missing or no longer hashes to the record's sha256. */
  | 'content'
  /** The stored patch does not rebuild this version's text from the one it was compared with. */
  | 'patch'
  /** The story summary names a later head than the last record (records removed at the end). */
  | 'head'
  /** Checked against the transparency log (`--checkpoint`): see LogProblemKind in transparency-log.ts. */
  | 'not-in-log'
  | 'log-mismatch'
  | 'log-fork'
  | 'bad-signature'
  | 'missing-record'
  | 'logged-late'
  /** The record's index attributes (GSI keys) are not the ones derived from the record. */
  | 'index'
  /** `--deep`: S3 holds no such version, or its bytes do not normalize to the record's sha256. */
  | 'source'
  /**
   * An `unarchived` version that does not complete a rejected `archived` version of the same S3
   * version before it, or completes one a second time.
   */
  | 'restore';

export interface VerificationProblem {
  readonly version: number;
  readonly kind: VerificationProblemKind;
  readonly detail: string;
}

export interface StoryVerification {
  readonly storyId: string;
  readonly ok: boolean;
  /** How many version records were checked. */
  readonly versions: number;
  /** The chain hash of the last record checked: publish it to anchor the ledger externally. */
  readonly headChainHash: string;
  readonly firstProblem?: VerificationProblem;
}

export interface VerifyOptions {
  /** A head chain hash obtained earlier (e.g. from a previous verification); the chain must contain it. */
  readonly expectHead?: { readonly version: number; readonly chainHash: string };
  /**
   * Re-read each record's S3 version and check that it exists (a delete marker for `deleted`),
   * has the recorded ETag, and that its bytes normalize to the record's sha256: a record with no
   * upload behind it fails.
   */
  readonly deep?: { readonly revisions: RevisionStore; readonly maxBytes: number };
  /** The ledger may lack a story summary (an evidence bundle exported without one). */
  readonly summaryOptional?: boolean;
}

/** The versions S3 lists for each key, read once per key. */
type SourceListings = Map<string, Map<string, ObjectVersionEntry> | undefined>;

async function checkSource(record: VersionRecord, deep: NonNullable<VerifyOptions['deep']>, listings: SourceListings): Promise<VerificationProblem | undefined> {
  const { bucket, key, versionId, etag } = record.source;
  const problem = (detail: string): VerificationProblem => ({ version: record.version, kind: 'source', detail });
  const where = `s3://${bucket}/${key} version ${versionId}`;
  if (versionId === undefined) return undefined; // unversioned bucket: S3 keeps nothing to re-read
  const listingKey = `${bucket}\u0000${key}`;
  if (!listings.has(listingKey)) {
    const listing = await deep.revisions.versionsNewestFirst(bucket, key);
    let entries: Map<string, ObjectVersionEntry> | undefined;
    if (listing) {
      entries = new Map();
      for await (const entry of listing) entries.set(entry.versionId, entry);
    }
    listings.set(listingKey, entries);
  }
  const entry = listings.get(listingKey)?.get(versionId);
  if (!entry) return record.rejection?.code === 'unavailable' ? undefined : problem(`${where} does not exist in S3`);
  if (record.status === 'deleted') return entry.isDeleteMarker ? undefined : problem(`${where} is not a delete marker`);
  if (entry.isDeleteMarker) return problem(`${where} is a delete marker, the record says ${record.status}`);
  if (etag && entry.etag && etag !== entry.etag) return problem(`${where} has ETag ${entry.etag}, the record says ${etag}`);
  if (!record.sha256) return undefined; // rejected: the version exists, which is all it claims
  let text: string;
  try {
    const stored = await deep.revisions.fetch({ bucket, key, versionId }, { maxBytes: deep.maxBytes });
    if (!stored) return problem(`${where} does not exist in S3`);
    text = renderCanonical(normalizeRevision(stored.bytes, (record.format ?? 'text') as RevisionFormat, { maxBytes: deep.maxBytes }));
  } catch (error) {
    // S3's restored copy of an archived upload expires: the version is there with its ETag, unreadable again.
    if (error instanceof RevisionRejectedError && error.code === 'archived' && record.status === 'unarchived') return undefined;
    if (error instanceof RevisionRejectedError) return problem(`${where} cannot be read as a story (${error.code}): ${error.message}`);
    throw error;
  }
  const actual = sha256Hex(text);
  return actual === record.sha256 ? undefined : problem(`${where} normalizes to ${actual}, the record says ${record.sha256}`);
}

/** What `checkRestore` needs of each earlier version. */
type Placed = Pick<VersionRecord, 'status' | 'rejection'> & { readonly key: string; readonly versionId: string | undefined };

/**
 * An `unarchived` version must name (`restores`) an earlier version of the story rejected
 * `archived` for the same S3 key and version, and no other version may have completed it before.
 */
function checkRestore(record: VersionRecord, earlier: ReadonlyMap<number, Placed>, restored: Set<number>): VerificationProblem | undefined {
  if (record.status !== 'unarchived' && record.restores === undefined) return undefined;
  const problem = (detail: string): VerificationProblem => ({ version: record.version, kind: 'restore', detail });
  if (record.status !== 'unarchived') return problem(`a ${record.status} version names restores: ${record.restores}; only an unarchived version restores one`);
  const target = record.restores;
  if (target === undefined || !Number.isInteger(target) || target < 1 || target >= record.version) {
    return problem(`an unarchived version must restore an earlier version, it names ${JSON.stringify(target ?? null)}`);
  }
  const rejected = earlier.get(target)!;
  if (!isArchivedRejection(rejected)) {
    return problem(`restores version ${target}, which is ${rejected.status}${rejected.rejection ? ` (${rejected.rejection.code})` : ''}, not rejected as archived`);
  }
  if (rejected.key !== record.source.key || rejected.versionId !== record.source.versionId) {
    return problem(
      `restores version ${target}, S3 version ${rejected.key} ${rejected.versionId ?? 'null'}, but reads ${record.source.key} ${record.source.versionId ?? 'null'}`,
    );
  }
  if (restored.has(target)) return problem(`version ${target} was already restored by an earlier unarchived version`);
  restored.add(target);
  return undefined;
}

async function checkContent(record: VersionRecord, archive: Archive, texts: Map<string, string>): Promise<VerificationProblem | undefined> {
  if (!record.sha256) return undefined;

  const text = await archive.getCanonical(record.sha256);
  if (text === undefined) return { version: record.version, kind: 'content', detail: `canonical text ${record.sha256} is missing from the archive` };
  const actual = sha256Hex(text);
  if (actual !== record.sha256) {
    return { version: record.version, kind: 'content', detail: `archived canonical text hashes to ${actual}, the record says ${record.sha256}` };
  }
  texts.set(record.sha256, text);
  let patch: CanonicalPatch | undefined = record.patch;
  if (!patch && record.patchRef) {
    const json = await archive.getBlob(record.patchRef.key);
    if (json === undefined || sha256Hex(json) !== record.patchRef.sha256) {
      return { version: record.version, kind: 'patch', detail: `archived patch ${record.patchRef.key} is missing or altered` };
    }
    patch = JSON.parse(json) as CanonicalPatch;
  }
  if (!patch) return undefined;
  const base = record.comparedWith ? (texts.get(record.comparedWith.sha256) ?? (await archive.getCanonical(record.comparedWith.sha256))) : '';
  try {
    if (base !== undefined && applyPatch(base, patch) === text) return undefined;
  } catch {
    // reported below
  }
  return { version: record.version, kind: 'patch', detail: `the stored patch does not rebuild version ${record.version} from version ${record.comparedWith?.version ?? 0}` };
}

export async function verifyStory(
  storyId: string,
  deps: { readonly ledger: Ledger; readonly archive: Archive },
  options: VerifyOptions = {},
): Promise<StoryVerification> {
  let previousChainHash = GENESIS_CHAIN_HASH;
  let expected = 1;
  let cursor: string | undefined;
  const texts = new Map<string, string>();
  let anchorSeen = options.expectHead === undefined;
  const result = (firstProblem?: VerificationProblem): StoryVerification => ({
    storyId,
    ok: firstProblem === undefined,
    versions: expected - 1,
    headChainHash: previousChainHash,
    ...(firstProblem ? { firstProblem } : {}),
  });
  const listings: SourceListings = new Map();
  const placed = new Map<number, Placed>();
  const restored = new Set<number>();
  do {
    const page = await deps.ledger.history(storyId, { cursor, limit: 200 });
    for (const record of page.items) {
      if (record.storyId !== storyId) {
        return result({ version: record.version, kind: 'record', detail: `the record belongs to story "${record.storyId}", not "${storyId}"` });
      }
      if (record.version !== expected) {
        return result({ version: expected, kind: 'sequence', detail: `expected version ${expected}, found version ${record.version}` });
      }
      if (record.previousChainHash !== previousChainHash) {
        return result({ version: record.version, kind: 'link', detail: `previousChainHash does not match the chain hash of version ${expected - 1}` });
      }
      if (recomputeChainHash(record) !== record.chainHash) {
        return result({ version: record.version, kind: 'record', detail: 'the record was altered: its fields do not hash to its chainHash' });
      }
      const restoreProblem = checkRestore(record, placed, restored);
      if (restoreProblem) return result(restoreProblem);
      placed.set(record.version, { status: record.status, ...(record.rejection ? { rejection: record.rejection } : {}), key: record.source.key, versionId: record.source.versionId });
      const contentProblem = await checkContent(record, deps.archive, texts);
      if (contentProblem) return result(contentProblem);
      const sourceProblem = options.deep ? await checkSource(record, options.deep, listings) : undefined;
      if (sourceProblem) return result(sourceProblem);
      if (options.expectHead?.version === record.version) {
        if (options.expectHead.chainHash !== record.chainHash) {
          return result({ version: record.version, kind: 'head', detail: `chain hash differs from the expected head ${options.expectHead.chainHash}` });
        }
        anchorSeen = true;
      }
      previousChainHash = record.chainHash;
      expected += 1;
    }
    cursor = page.cursor;
  } while (cursor);
  if (expected === 1) return result({ version: 1, kind: 'sequence', detail: `there are no version records of story "${storyId}"` });
  const summary: StorySummary | undefined = await deps.ledger.summary(storyId);
  if (summary && summary.latestVersion > expected - 1) {
    return result({ version: expected, kind: 'sequence', detail: `the story summary records version ${summary.latestVersion}, but the ledger ends at version ${expected - 1}` });
  }
  // Every writer rolls the summary forward right after a version; only the first version's
  // writer can have crashed before writing it.
  if (!summary && expected - 1 > 1 && !options.summaryOptional) {
    return result({ version: expected - 1, kind: 'head', detail: 'the story summary is missing (deleted with the records after it?)' });
  }
  const indexProblem = await deps.ledger.indexDrift(storyId);
  if (indexProblem) return result({ version: indexProblem.version, kind: 'index', detail: indexProblem.detail });
  if (!anchorSeen) {
    return result({ version: options.expectHead!.version, kind: 'head', detail: `the expected head version ${options.expectHead!.version} is missing` });
  }
  return result();
}
