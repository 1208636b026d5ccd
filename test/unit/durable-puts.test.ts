// s3rver 3.7.1's FilesystemStore answers a PUT before the object file is written; the embedded
// S3 replaces its putObject (lambdas/local/durable-puts.ts) so the answer comes after the bytes.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { answerPutsWhenWritten, type WritableStore } from '../../lambdas/local/durable-puts.ts';

const FilesystemStore = createRequire(import.meta.url)('s3rver/lib/stores/filesystem') as new (directory: string) => WritableStore & { putBucket(name: string): Promise<void> };
const BYTES = 32 * 1024 * 1024;

describe('Function: answerPutsWhenWritten (the embedded S3 store)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  // Without answerPutsWhenWritten s3rver answers first: 3 of 3 runs (buffer body) read a shorter file.
  async function sizeRightAfterPut(content: 'buffer' | 'stream'): Promise<{ size: number; answered: number }> {
    const dir = mkdtempSync(join(tmpdir(), 'redline-durable-'));
    dirs.push(dir);
    const store = new FilesystemStore(dir);
    await store.putBucket('answers');
    answerPutsWhenWritten(store);
    const body = Buffer.alloc(BYTES, 97);
    const object = { bucket: 'answers', key: 'a', content: content === 'buffer' ? body : Readable.from([body.subarray(0, BYTES / 2), body.subarray(BYTES / 2)]), metadata: {} };
    const { size: answered } = await store.putObject(object);
    let size = 0;
    try {
      size = statSync(store.getResourcePath('answers', 'a', 'object')).size;
    } catch {
      size = -1;
    }
    return { size, answered };
  }

  it('answers a PUT only when the whole object is on disk (buffer and stream bodies)', async () => {
    expect(await sizeRightAfterPut('buffer')).toEqual({ size: BYTES, answered: BYTES });
    expect(await sizeRightAfterPut('stream')).toEqual({ size: BYTES, answered: BYTES });
  });
});
