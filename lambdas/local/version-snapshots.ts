// Gives the embedded S3 stand-in (s3rver, which has no versioning) the one versioning feature the
// ledger relies on: every accepted PUT keeps its exact bytes and metadata under a version id that
// the S3 event carries, and `GetObject` with that `versionId` returns them. Without it, rapid
// overwrites of one key would leave Redline reading the newest bytes for every event.
import { randomUUID, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';

interface SnapshotMeta {
  readonly bucket: string;
  readonly key: string;
  readonly md5: string;
  readonly size: number;
  readonly lastModified: string;
  readonly contentType?: string;
  readonly metadata: Record<string, string>;
}

interface StoredObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: Record<string, string>;
}

interface FilesystemStore {
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

const VERSION_ID = /^[0-9a-f]{32}$/;

export class VersionSnapshots {
  /** Version ids of PUTs whose event has not been seen yet, by bucket/key/md5 (FIFO). */
  private readonly awaitingEvent = new Map<string, string[]>();

  constructor(
    private readonly directory: string,
    private readonly buckets: ReadonlySet<string>,
  ) {
    mkdirSync(directory, { recursive: true });
  }

  /** Wraps the stand-in's store so every PUT to a watched bucket is kept as a version. */
  wrapStore(store: FilesystemStore): void {
    const putObject = store.putObject.bind(store);
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
      const result = await putObject(object);
      const bytes = Buffer.concat(chunks);
      const md5 = createHash('md5').update(bytes).digest('hex');
      const versionId = randomUUID().replace(/-/g, '');
      const { 'content-type': contentType, ...rest } = object.metadata;
      const metadata = Object.fromEntries(Object.entries(rest).filter(([name]) => name.startsWith('x-amz-meta-')));
      const meta: SnapshotMeta = { bucket: object.bucket, key: object.key, md5, size: bytes.length, lastModified: new Date().toUTCString(), contentType, metadata };
      writeFileSync(join(this.directory, `${versionId}.bin`), bytes);
      writeFileSync(join(this.directory, `${versionId}.json`), JSON.stringify(meta));
      const waiting = this.awaitingEvent.get(`${object.bucket}/${object.key}/${md5}`) ?? [];
      waiting.push(versionId);
      this.awaitingEvent.set(`${object.bucket}/${object.key}/${md5}`, waiting);
      return result;
    };
  }

  /** The version id of the PUT an ObjectCreated event reports (matched by bucket, key and ETag). */
  claimVersionId(bucket: string, key: string, eTag: string | undefined): string | undefined {
    if (!eTag) return undefined;
    const slot = `${bucket}/${key}/${eTag.replace(/"/g, '')}`;
    const waiting = this.awaitingEvent.get(slot);
    const versionId = waiting?.shift();
    if (waiting && waiting.length === 0) this.awaitingEvent.delete(slot);
    return versionId;
  }

  /** Wraps the stand-in's HTTP handler: `GET /<bucket>/<key>?versionId=<id>` is served from the snapshot. */
  wrapRequestListener(inner: RequestListener): RequestListener {
    return (req, res) => {
      const url = new URL(req.url ?? '/', 'http://embedded');
      const versionId = url.searchParams.get('versionId');
      if (req.method !== 'GET' || !versionId || !VERSION_ID.test(versionId)) return inner(req, res);
      const metaPath = join(this.directory, `${versionId}.json`);
      if (!existsSync(metaPath)) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchVersion</Code><Message>The specified version does not exist.</Message></Error>`);
        return;
      }
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as SnapshotMeta;
      const path = decodeURIComponent(url.pathname).replace(/^\//, '');
      if (path !== `${meta.bucket}/${meta.key}`) return inner(req, res);
      const body = readFileSync(join(this.directory, `${versionId}.bin`));
      res.writeHead(200, {
        ...meta.metadata,
        'content-type': meta.contentType ?? 'application/octet-stream',
        'content-length': String(body.length),
        etag: `"${meta.md5}"`,
        'last-modified': meta.lastModified,
        'x-amz-version-id': versionId,
      });
      res.end(body);
    };
  }
}
