// The RevisionStore port on S3 (the upload bucket) and the Archive port on S3 (Redline's own bucket).
import {
  GetBucketVersioningCommand,
  GetObjectCommand,
  InvalidObjectState,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { RevisionRejectedError } from '../core/errors.ts';
import type { Archive, FetchLimits, ObjectVersionEntry, RevisionRef, RevisionStore, StoredRevision } from '../ports.ts';
import { instrumentListVersionsOrder, listVersionsOrder } from './list-versions-order.ts';

function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404;
}

/**
 * Reads a response body up to `maxBytes`, giving up (and closing the connection) as soon as it
 * grows past it: an object larger than it claimed never lands in memory whole.
 */
export async function readWithLimit(body: AsyncIterable<Uint8Array> & { destroy?: () => void }, maxBytes: number, what: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      body.destroy?.();
      throw new RevisionRejectedError('too-large', `${what} is larger than the limit of ${maxBytes} bytes (stopped reading at ${total} bytes)`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** S3 answers that retrying cannot change, as the rejection they lead to. */
function permanentFailure(error: unknown, what: string): RevisionRejectedError | undefined {
  if (error instanceof InvalidObjectState) {
    const tier = error.AccessTier ?? error.StorageClass;
    return new RevisionRejectedError('archived', `${what} is in an archive storage class${tier ? ` (${tier})` : ''}; restore it, then run \`redline backfill\``);
  }
  if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 403) {
    return new RevisionRejectedError('access-denied', `S3 refused to return ${what} (${error.name}: ${error.message})`);
  }
  return undefined;
}

function stripQuotes(etag: string | undefined): string | undefined {
  return etag?.replace(/^"|"$/g, '');
}

/** Metadata written by `redline upload` may be URI-encoded (HTTP headers are ASCII). */
export function decodeMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const encoded = metadata?.['redline-encoding'] === 'uri';
  for (const [name, value] of Object.entries(metadata ?? {})) {
    if (name === 'redline-encoding') continue;
    let decoded = value;
    if (encoded) {
      try {
        decoded = decodeURIComponent(value);
      } catch {
        // keep the raw value: metadata is informative, never a reason to reject a revision
      }
    }
    out[name.toLowerCase()] = decoded;
  }
  return out;
}

export class S3RevisionStore implements RevisionStore {
  private readonly versioning = new Map<string, Promise<boolean>>();

  constructor(private readonly s3: S3Client) {
    instrumentListVersionsOrder(s3);
  }

  async fetch(ref: RevisionRef, limits: FetchLimits): Promise<StoredRevision | undefined> {
    const what = `s3://${ref.bucket}/${ref.key}${ref.versionId ? ` version ${ref.versionId}` : ''}`;
    const tooLarge = (size: number) =>
      new RevisionRejectedError('too-large', `${what} is ${size} bytes; the limit is ${limits.maxBytes} bytes`);
    // The listing (or the event) already said how big it is: too large is decided without a GET.
    if (ref.size !== undefined && ref.size > limits.maxBytes) throw tooLarge(ref.size);
    let result;
    try {
      result = await this.s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw permanentFailure(error, what) ?? error;
    }
    const body = result.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    if (result.ContentLength !== undefined && result.ContentLength > limits.maxBytes) {
      body?.destroy?.();
      throw tooLarge(result.ContentLength);
    }
    const bytes = body ? await readWithLimit(body, limits.maxBytes, what) : new Uint8Array();
    return { bytes, etag: stripQuotes(result.ETag), versionId: result.VersionId, metadata: decodeMetadata(result.Metadata) };
  }

  private isVersioned(bucket: string): Promise<boolean> {
    let known = this.versioning.get(bucket);
    if (!known) {
      known = this.s3.send(new GetBucketVersioningCommand({ Bucket: bucket })).then(
        (result) => result.Status === 'Enabled',
        (error: unknown) => {
          // Stand-ins without versioning answer 405/501; anything else (e.g. AccessDenied) is real.
          const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
          if (status === 405 || status === 501) return false;
          this.versioning.delete(bucket);
          throw error;
        },
      );
      this.versioning.set(bucket, known);
    }
    return known;
  }

  async versionsNewestFirst(bucket: string, key: string): Promise<AsyncIterable<ObjectVersionEntry> | undefined> {
    if (!(await this.isVersioned(bucket))) return undefined;
    return this.walkVersions(bucket, key);
  }

  private async *walkVersions(bucket: string, key: string): AsyncIterable<ObjectVersionEntry> {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      const page = await this.s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
      );
      const entries: (ObjectVersionEntry & { key: string })[] = [
        ...(page.Versions ?? []).map((v) => ({
          key: v.Key ?? '',
          versionId: v.VersionId ?? 'null',
          isDeleteMarker: false,
          lastModified: (v.LastModified ?? new Date(0)).toISOString(),
          etag: stripQuotes(v.ETag),
          size: v.Size,
        })),
        ...(page.DeleteMarkers ?? []).map((m) => ({
          key: m.Key ?? '',
          versionId: m.VersionId ?? 'null',
          isDeleteMarker: true,
          lastModified: (m.LastModified ?? new Date(0)).toISOString(),
        })),
      ];
      // S3 lists a key's versions and delete markers interleaved, newest first, but timestamps
      // have one-second precision: order by time, then by S3's document order within a second.
      const order = listVersionsOrder(page);
      const position = new Map(order?.map((versionId, index) => [versionId, index]));
      entries.sort(
        (a, b) =>
          a.key.localeCompare(b.key) ||
          b.lastModified.localeCompare(a.lastModified) ||
          (position.get(a.versionId) ?? 0) - (position.get(b.versionId) ?? 0),
      );
      for (const { key: entryKey, ...entry } of entries) if (entryKey === key) yield entry;
      if (!page.IsTruncated) return;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
  }

  async *listKeys(bucket: string, prefix: string): AsyncIterable<{ key: string; etag?: string }> {
    if (await this.isVersioned(bucket)) {
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      let lastKey: string | undefined;
      do {
        const page = await this.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
        const keys = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((entry) => entry.Key ?? '').sort();
        for (const key of keys) {
          if (key === lastKey) continue;
          lastKey = key;
          yield { key };
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionIdMarker = page.NextVersionIdMarker;
      } while (keyMarker);
      return;
    }
    let continuationToken: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }));
      for (const object of page.Contents ?? []) yield { key: object.Key ?? '', etag: stripQuotes(object.ETag) };
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }
}

/** The Content-Type of every archive object (canonical texts, overflowed patches). */
export const ARCHIVE_CONTENT_TYPE = 'text/plain; charset=utf-8';

export class S3Archive implements Archive {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  static canonicalKey(sha256: string): string {
    return `canonical/${sha256.slice(0, 2)}/${sha256}.txt`;
  }

  async putCanonical(sha256: string, text: string): Promise<void> {
    await this.putBlob(S3Archive.canonicalKey(sha256), text);
  }

  getCanonical(sha256: string): Promise<string | undefined> {
    return this.getBlob(S3Archive.canonicalKey(sha256));
  }

  async putBlob(key: string, body: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: ARCHIVE_CONTENT_TYPE }));
  }

  async getBlob(key: string): Promise<string | undefined> {
    try {
      const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return result.Body ? await result.Body.transformToString('utf-8') : '';
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
