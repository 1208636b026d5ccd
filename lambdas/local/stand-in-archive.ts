// The Archive port written straight into the embedded S3 stand-in's store, for the pump of
// `redline start` only: the same object files, ETag and Content-Type that a PutObject over HTTP
// leaves (s3rver's FilesystemStore, answered once written — durable-puts.ts), without a signed
// loopback request per revision (the SDK's middleware on the client side, signature checking and
// s3rver's routing on the server side). Reads go to the S3 adapter over HTTP, as every reader's do.
import { ARCHIVE_CONTENT_TYPE, S3Archive } from '../adapters/s3-revisions.ts';
import type { Archive } from '../ports.ts';
import type { FilesystemStore } from './stand-in-versioning.ts';

/** The parts of s3rver's FilesystemStore this archive writes with. */
export interface ArchiveStore extends Pick<FilesystemStore, 'putObject'> {
  /** null when the bucket does not exist (s3rver: a folder under its directory). */
  getBucket(bucket: string): Promise<unknown>;
}

export class NoSuchArchiveBucketError extends Error {
  constructor(bucket: string) {
    super(`the embedded archive bucket "${bucket}" does not exist: restart \`redline start\` to create it`);
    this.name = 'NoSuchBucket';
  }
}

export class StandInArchive implements Archive {
  constructor(
    private readonly store: ArchiveStore,
    private readonly bucket: string,
    /** The S3 adapter over HTTP, which reads. */
    private readonly s3: Archive,
  ) {}

  async putCanonical(sha256: string, text: string): Promise<void> {
    await this.putBlob(S3Archive.canonicalKey(sha256), text);
  }

  getCanonical(sha256: string): Promise<string | undefined> {
    return this.s3.getCanonical(sha256);
  }

  async putBlob(key: string, body: string): Promise<void> {
    // As S3 (and s3rver's router) answer a PUT into a bucket that is gone: refused, never recreated.
    if (!(await this.store.getBucket(this.bucket))) throw new NoSuchArchiveBucketError(this.bucket);
    await this.store.putObject({ bucket: this.bucket, key, content: Buffer.from(body, 'utf8'), metadata: { 'content-type': ARCHIVE_CONTENT_TYPE } });
  }

  getBlob(key: string): Promise<string | undefined> {
    return this.s3.getBlob(key);
  }
}
