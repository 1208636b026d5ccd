// S3 versioning for the embedded stand-in. s3rver keeps only the current object and emits
// incomplete events (no versionId, millisecond sequencers, none for multi-object deletes), so this
// layer wraps its store and HTTP handler to behave like a versioned bucket where Redline needs it:
//
//  - every PUT, copy, multipart completion and delete of a watched bucket is appended, in the
//    order the stand-in applied it, to a per-bucket version log, with the exact bytes and
//    metadata kept under a fresh versionId (deletes become delete markers);
//  - each change is announced once, as an AWS-format S3 notification (URL-encoded key,
//    versionId, growing sequencer);
//  - `GetObject?versionId=`, `ListObjectVersions` and `Get/PutBucketVersioning` are answered
//    from the log.
//
// It is a local stand-in only: on AWS, S3's own versioning does all of this.
import { randomUUID, createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { encodeS3Key } from '../core/s3-events.ts';

export interface VersionEntry {
  readonly key: string;
  readonly versionId: string;
  readonly isDeleteMarker: boolean;
  /** ISO time, strictly increasing per key. */
  readonly lastModified: string;
  readonly etag?: string;
  readonly size?: number;
  readonly contentType?: string;
  readonly metadata?: Record<string, string>;
  readonly eventName: string;
  /**
   * Where the version's bytes are in the pack file (`objects.pack`): byte offset and length.
   * Versions recorded before the pack existed have none; their bytes are in `objects/<versionId>.bin`.
   */
  readonly packed?: readonly [offset: number, length: number];
}

export interface StoredObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: Record<string, string>;
}

export interface FilesystemStore {
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  deleteObject(bucket: string, key: string): Promise<void>;
  copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacementMetadata?: Record<string, string>): Promise<unknown>;
  getResourcePath(bucket: string, key: string, resourceType: string): string;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

const VERSION_ID = /^[0-9a-f]{32}$/;

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One watched bucket's version log, indexed: per key in the order applied, and by versionId. */
interface BucketLog {
  readonly byKey: Map<string, VersionEntry[]>;
  readonly byVersionId: Map<string, VersionEntry>;
  /** The log file, open for appending while the stand-in runs. */
  readonly fd: number;
}

/** Bytes of the latest versions kept in memory (a version's bytes never change): the pump reads each new version once, just after it is written. */
const DEFAULT_RECENT_BYTES = 16 * 1024 * 1024;

export class StandInVersioning {
  private readonly logs = new Map<string, BucketLog>();
  private lastSequence = 0n;
  /**
   * Every version's bytes, appended one after another to one file held open (its entry says where):
   * one write per upload, not a file created per version on the main thread.
   */
  private readonly pack: { readonly fd: number; size: number };
  /** versionId → the version's bytes, oldest first, at most `recentBytesBudget` in all. */
  private readonly recentBytes = new Map<string, Buffer>();
  private recentBytesTotal = 0;

  constructor(
    private readonly directory: string,
    private readonly buckets: ReadonlySet<string>,
    private readonly region: string,
    private readonly announce: (event: unknown) => void,
    private readonly recentBytesBudget = DEFAULT_RECENT_BYTES,
  ) {
    mkdirSync(join(directory, 'objects'), { recursive: true });
    const packFd = openSync(join(directory, 'objects.pack'), 'a+');
    this.pack = { fd: packFd, size: fstatSync(packFd).size };
    for (const bucket of buckets) {
      const file = this.logFile(bucket);
      const entries = existsSync(file)
        ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as VersionEntry)
        : [];
      const log: BucketLog = { byKey: new Map(), byVersionId: new Map(), fd: openSync(file, 'a') };
      for (const entry of entries) index(log, entry);
      this.logs.set(bucket, log);
    }
  }

  /** Closes the version logs; the stand-in records nothing after it. */
  close(): void {
    for (const log of this.logs.values()) closeSync(log.fd);
    this.logs.clear();
    closeSync(this.pack.fd);
    this.recentBytes.clear();
    this.recentBytesTotal = 0;
  }

  private logFile(bucket: string): string {
    return join(this.directory, `${bucket}.jsonl`);
  }

  /** All versions of keys starting with `prefix`, newest first per key, keys in order. */
  versions(bucket: string, prefix: string): VersionEntry[] {
    const byKey = this.logs.get(bucket)?.byKey ?? new Map<string, VersionEntry[]>();
    return [...byKey.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .flatMap((key) => byKey.get(key)!.slice().reverse());
  }

  /** Whether this layer versions the bucket. */
  watches(bucket: string): boolean {
    return this.logs.has(bucket);
  }

  /** The versions of one key of a watched bucket, newest first (lazily: a walk that stops early reads no more). */
  *keyVersions(bucket: string, key: string): Generator<VersionEntry> {
    const versions = this.logs.get(bucket)?.byKey.get(key) ?? [];
    // Versions applied while the walk runs are newer than where it started: not part of this listing.
    for (let index = versions.length - 1; index >= 0; index--) yield versions[index]!;
  }

  /**
   * A page of one key's versions, newest first: the `count` applied just before position `below`
   * (the key's version count when undefined). Positions count from the oldest version, so pages stay
   * in place while new versions are applied; the next page starts below `from`.
   */
  keyVersionsPage(bucket: string, key: string, below: number | undefined, count: number): { readonly entries: VersionEntry[]; readonly from: number } {
    const versions = this.logs.get(bucket)?.byKey.get(key) ?? [];
    const end = Math.min(below ?? versions.length, versions.length);
    const from = Math.max(0, end - count);
    return { entries: versions.slice(from, end).reverse(), from };
  }

  /** One version of a key with its stored bytes; undefined when there is no such version or it is a delete marker. */
  readVersion(bucket: string, key: string, versionId: string): { readonly entry: VersionEntry; readonly bytes: Buffer } | undefined {
    const found = VERSION_ID.test(versionId) ? this.logs.get(bucket)?.byVersionId.get(versionId) : undefined;
    if (found?.key !== key || found.isDeleteMarker) return undefined;
    const bytes = this.recentBytes.get(versionId) ?? this.storedBytes(found);
    // A copy: callers may not change what the next reader gets.
    return { entry: found, bytes: Buffer.from(bytes) };
  }

  private storedBytes(entry: VersionEntry): Buffer {
    if (!entry.packed) return readFileSync(join(this.directory, 'objects', `${entry.versionId}.bin`));
    const [offset, length] = entry.packed;
    const bytes = Buffer.alloc(length);
    for (let read = 0; read < length; ) {
      const got = readSync(this.pack.fd, bytes, read, length - read, offset + read);
      if (got === 0) throw new Error(`the embedded S3's version pack ends before version ${entry.versionId} (${offset}+${length} bytes)`);
      read += got;
    }
    return bytes;
  }

  private rememberBytes(versionId: string, bytes: Buffer): void {
    if (bytes.length > this.recentBytesBudget / 4) return;
    this.recentBytes.set(versionId, bytes);
    this.recentBytesTotal += bytes.length;
    for (const [oldest, old] of this.recentBytes) {
      if (this.recentBytesTotal <= this.recentBytesBudget) break;
      this.recentBytes.delete(oldest);
      this.recentBytesTotal -= old.length;
    }
  }

  private nextSequencer(): string {
    const candidate = BigInt(Date.now()) * 1_000_000n;
    this.lastSequence = candidate > this.lastSequence ? candidate : this.lastSequence + 1n;
    return this.lastSequence.toString(16).toUpperCase().padStart(18, '0');
  }

  private record(bucket: string, entry: Omit<VersionEntry, 'lastModified'>, bytes?: Buffer): void {
    const log = this.logs.get(bucket)!;
    const previous = log.byKey.get(entry.key)?.at(-1);
    let time = Date.now();
    if (previous && Date.parse(previous.lastModified) >= time) time = Date.parse(previous.lastModified) + 1;
    let packed: VersionEntry['packed'];
    if (bytes) {
      // Appended before the log line that points at it: a crash between the two leaves unreferenced bytes, never a dangling entry.
      for (let written = 0; written < bytes.length; ) written += writeSync(this.pack.fd, bytes, written, bytes.length - written);
      packed = [this.pack.size, bytes.length];
      this.pack.size += bytes.length;
      this.rememberBytes(entry.versionId, bytes);
    }
    const full: VersionEntry = { ...entry, lastModified: new Date(time).toISOString(), ...(packed ? { packed } : {}) };
    writeSync(log.fd, `${JSON.stringify(full)}\n`);
    index(log, full);
    this.announce({
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: this.region,
          eventTime: full.lastModified,
          eventName: full.eventName,
          userIdentity: { principalId: 'embedded' },
          requestParameters: { sourceIPAddress: '127.0.0.1' },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'redline-embedded',
            bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
            object: {
              key: encodeS3Key(full.key),
              ...(full.size !== undefined ? { size: full.size } : {}),
              ...(full.etag ? { eTag: full.etag } : {}),
              versionId: full.versionId,
              sequencer: this.nextSequencer(),
            },
          },
        },
      ],
    });
  }

  private snapshot(bucket: string, key: string, bytes: Buffer, metadata: Record<string, string>, eventName: string): void {
    const { 'content-type': contentType } = metadata;
    const userMetadata = Object.fromEntries(Object.entries(metadata).filter(([name]) => name.startsWith('x-amz-meta-')));
    this.record(
      bucket,
      {
        key,
        versionId: randomUUID().replace(/-/g, ''),
        isDeleteMarker: false,
        etag: createHash('md5').update(bytes).digest('hex'),
        size: bytes.length,
        contentType,
        metadata: userMetadata,
        eventName,
      },
      bytes,
    );
  }

  /** Wraps the stand-in's store so every change to a watched bucket is versioned and announced. */
  wrapStore(store: FilesystemStore): void {
    const putObject = store.putObject.bind(store);
    const deleteObject = store.deleteObject.bind(store);
    const copyObject = store.copyObject.bind(store);
    let multipart = false;
    store.putObject = async (object) => {
      if (!this.buckets.has(object.bucket)) return putObject(object);
      const chunks: Buffer[] = [];
      if (Buffer.isBuffer(object.content)) {
        chunks.push(object.content);
      } else {
        object.content = object.content.pipe(
          new Transform({
            transform(chunk: Buffer, _encoding, callback) {
              chunks.push(chunk);
              callback(null, chunk);
            },
          }),
        );
      }
      const eventName = multipart ? 'ObjectCreated:CompleteMultipartUpload' : 'ObjectCreated:Put';
      const result = await putObject(object);
      this.snapshot(object.bucket, object.key, Buffer.concat(chunks), object.metadata, eventName);
      return result;
    };
    const putObjectMultipart = (store as unknown as { putObjectMultipart: (...args: unknown[]) => Promise<unknown> }).putObjectMultipart?.bind(store);
    if (putObjectMultipart) {
      (store as unknown as { putObjectMultipart: (...args: unknown[]) => Promise<unknown> }).putObjectMultipart = async (...args) => {
        multipart = true;
        try {
          return await putObjectMultipart(...args);
        } finally {
          multipart = false;
        }
      };
    }
    store.deleteObject = async (bucket, key) => {
      await deleteObject(bucket, key);
      if (!this.buckets.has(bucket)) return;
      this.record(bucket, { key, versionId: randomUUID().replace(/-/g, ''), isDeleteMarker: true, eventName: 'ObjectRemoved:DeleteMarkerCreated' });
    };
    store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacementMetadata) => {
      const result = await copyObject(srcBucket, srcKey, destBucket, destKey, replacementMetadata);
      if (this.buckets.has(destBucket)) {
        const bytes = readFileSync(store.getResourcePath(destBucket, destKey, 'object'));
        const metadataPath = store.getResourcePath(destBucket, destKey, 'metadata.json');
        const metadata = existsSync(metadataPath) ? (JSON.parse(readFileSync(metadataPath, 'utf8')) as Record<string, string>) : {};
        this.snapshot(destBucket, destKey, bytes, metadata, 'ObjectCreated:Copy');
      }
      return result;
    };
  }

  /** Answers the versioning requests s3rver does not implement; everything else goes to s3rver. */
  wrapRequestListener(inner: RequestListener): RequestListener {
    return (req, res) => {
      const url = new URL(req.url ?? '/', 'http://embedded');
      const [bucket = '', ...keyParts] = url.pathname.replace(/^\//, '').split('/');
      const key = keyParts.map(decodeURIComponent).join('/');
      if (!this.buckets.has(bucket)) return inner(req, res);
      const params = url.searchParams;
      if (params.has('versioning') && key === '') {
        if (req.method === 'PUT') {
          req.resume();
          req.on('end', () => {
            res.writeHead(200);
            res.end();
          });
          return;
        }
        if (req.method === 'GET') {
          return xml(res, 200, `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>`);
        }
      }
      if (req.method === 'GET' && params.has('versions') && key === '') return this.listVersions(res, bucket, params.get('prefix') ?? '');
      const versionId = params.get('versionId');
      if ((req.method === 'GET' || req.method === 'HEAD') && key !== '' && versionId) return this.getVersion(req, res, bucket, key, versionId);
      return inner(req, res);
    };
  }

  private listVersions(res: ServerResponse, bucket: string, prefix: string): void {
    const latest = new Set<string>();
    const items = this.versions(bucket, prefix).map((entry) => {
      const isLatest = !latest.has(entry.key);
      latest.add(entry.key);
      const common = `<Key>${xmlEscape(entry.key)}</Key><VersionId>${entry.versionId}</VersionId><IsLatest>${isLatest}</IsLatest><LastModified>${entry.lastModified}</LastModified>`;
      return entry.isDeleteMarker
        ? `<DeleteMarker>${common}</DeleteMarker>`
        : `<Version>${common}<ETag>&quot;${entry.etag}&quot;</ETag><Size>${entry.size}</Size><StorageClass>STANDARD</StorageClass></Version>`;
    });
    xml(
      res,
      200,
      `<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>` +
        `<KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>${items.length}</MaxKeys><IsTruncated>false</IsTruncated>${items.join('')}</ListVersionsResult>`,
    );
  }

  private getVersion(req: IncomingMessage, res: ServerResponse, bucket: string, key: string, versionId: string): void {
    const found = VERSION_ID.test(versionId) ? this.logs.get(bucket)?.byVersionId.get(versionId) : undefined;
    if (found?.key !== key) return xml(res, 404, `<Error><Code>NoSuchVersion</Code><Message>The specified version does not exist.</Message></Error>`);
    if (found.isDeleteMarker) return xml(res, 405, `<Error><Code>MethodNotAllowed</Code><Message>The specified method is not allowed against this resource.</Message></Error>`);
    const { entry, bytes: body } = this.readVersion(bucket, key, versionId)!;
    res.writeHead(200, {
      ...entry.metadata,
      'content-type': entry.contentType ?? 'application/octet-stream',
      'content-length': String(body.length),
      etag: `"${entry.etag}"`,
      'last-modified': new Date(entry.lastModified).toUTCString(),
      'x-amz-version-id': versionId,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

function index(log: BucketLog, entry: VersionEntry): void {
  const versions = log.byKey.get(entry.key);
  if (versions) versions.push(entry);
  else log.byKey.set(entry.key, [entry]);
  log.byVersionId.set(entry.versionId, entry);
}

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
}
