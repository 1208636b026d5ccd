// s3rver 3.7.1's FilesystemStore answers a PUT when the body has passed its MD5 transform, not when
// the object file is written (stores/filesystem.js resolves on the transform's 'finish', and a
// Buffer body right after `end()`): a GET or HEAD just after a PUT of a few MB can read a partial
// file (seen: an 8.7 MB object read back as 4 MiB, then 8.25 MiB). This replaces putObject with the
// same steps, answered only once the file is on disk.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FilesystemStore, StoredObject } from './stand-in-versioning.ts';

/** The parts of s3rver's FilesystemStore a durable put uses. */
export interface WritableStore extends FilesystemStore {
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
}

/** Makes `store.putObject` resolve only after the object's bytes are written (then its metadata, as s3rver does). */
export function answerPutsWhenWritten(store: WritableStore): void {
  store.putObject = async (object: StoredObject) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const md5 = createHash('md5');
    let size = 0;
    await pipeline(
      Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content,
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          md5.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      }),
      createWriteStream(objectPath),
    );
    const digest = md5.digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}
