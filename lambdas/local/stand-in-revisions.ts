// The RevisionStore port read straight from the embedded S3 stand-in's version log, for the
// pump of `redline start` only: the same versions, bytes and metadata that ListObjectVersions and
// GetObject?versionId= answer over HTTP (stand-in-versioning.ts serves both from this log), without
// two signed HTTP round trips and an XML listing of every version of the key per revision.
// Buckets the stand-in does not version, and reads without a versionId, go to the S3 adapter.
// The log is read in process (StandInVersioning) or, from the pump's own thread, through the
// thread that owns the stand-in (pump-thread.ts).
import { RevisionRejectedError } from '../core/errors.ts';
import { decodeMetadata } from '../adapters/s3-revisions.ts';
import type { FetchLimits, ObjectVersionEntry, RevisionRef, RevisionStore, StoredRevision } from '../ports.ts';
import type { VersionEntry } from './stand-in-versioning.ts';

/** What the pump reads of the stand-in's version log (StandInVersioning, or a view of it from another thread). */
export interface VersionSource {
  /** Whether the stand-in versions the bucket. */
  watches(bucket: string): boolean;
  /** One version with its stored bytes; undefined when there is no such version or it is a delete marker. */
  readVersion(bucket: string, key: string, versionId: string): MaybePromise<{ readonly entry: VersionEntry; readonly bytes: Uint8Array } | undefined>;
  /** The key's versions, newest first, as applied when the walk started. */
  keyVersions(bucket: string, key: string): Iterable<VersionEntry> | AsyncIterable<VersionEntry>;
}

type MaybePromise<T> = T | Promise<T>;

const USER_METADATA = 'x-amz-meta-';

export class StandInRevisionStore implements RevisionStore {
  constructor(
    private readonly versioning: VersionSource,
    /** The S3 adapter over HTTP, for everything the version log does not hold. */
    private readonly s3: RevisionStore,
  ) {}

  async fetch(ref: RevisionRef, limits: FetchLimits): Promise<StoredRevision | undefined> {
    if (ref.versionId === undefined || !this.versioning.watches(ref.bucket)) return this.s3.fetch(ref, limits);
    const what = `s3://${ref.bucket}/${ref.key} version ${ref.versionId}`;
    const tooLarge = (size: number) => new RevisionRejectedError('too-large', `${what} is ${size} bytes; the limit is ${limits.maxBytes} bytes`);
    if (ref.size !== undefined && ref.size > limits.maxBytes) throw tooLarge(ref.size);
    const version = await this.versioning.readVersion(ref.bucket, ref.key, ref.versionId);
    if (!version) return undefined;
    if (version.bytes.length > limits.maxBytes) throw tooLarge(version.bytes.length);
    const userMetadata = Object.fromEntries(
      Object.entries(version.entry.metadata ?? {})
        .filter(([name]) => name.startsWith(USER_METADATA))
        .map(([name, value]) => [name.slice(USER_METADATA.length), value]),
    );
    return { bytes: version.bytes, etag: version.entry.etag, versionId: version.entry.versionId, metadata: decodeMetadata(userMetadata) };
  }

  async versionsNewestFirst(bucket: string, key: string): Promise<AsyncIterable<ObjectVersionEntry> | undefined> {
    if (!this.versioning.watches(bucket)) return this.s3.versionsNewestFirst(bucket, key);
    return listing(this.versioning.keyVersions(bucket, key));
  }

  listKeys(bucket: string, prefix: string): AsyncIterable<{ readonly key: string; readonly etag?: string }> {
    return this.s3.listKeys(bucket, prefix);
  }
}

/** What ListObjectVersions reports of a version (no metadata). */
function listingEntry(entry: VersionEntry): ObjectVersionEntry {
  return {
    versionId: entry.versionId,
    isDeleteMarker: entry.isDeleteMarker,
    lastModified: entry.lastModified,
    ...(entry.etag !== undefined ? { etag: entry.etag } : {}),
    ...(entry.size !== undefined ? { size: entry.size } : {}),
  };
}

async function* listing(versions: Iterable<VersionEntry> | AsyncIterable<VersionEntry>): AsyncIterable<ObjectVersionEntry> {
  for await (const version of versions) yield listingEntry(version);
}
