import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StandInVersioning, type FilesystemStore, type StoredObject } from '../../lambdas/local/stand-in-versioning.ts';

const BUCKET = 'uploads';

/** The stand-in's store as far as versioning sees it: a put that keeps nothing (the version log keeps the bytes). */
function store(): FilesystemStore {
  return {
    putObject: async (object: StoredObject) => ({ size: Buffer.isBuffer(object.content) ? object.content.length : 0, md5: '' }),
    deleteObject: async () => {},
    copyObject: async () => ({}),
    getResourcePath: (bucket, key, type) => join('/nonexistent', bucket, key, type),
  };
}

describe('Class: StandInVersioning (bytes of recent versions)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const versioning = (budget: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'redline-versions-'));
    dirs.push(dir);
    const events: { Records: { s3: { object: { versionId: string } } }[] }[] = [];
    const layer = new StandInVersioning(dir, new Set([BUCKET]), 'us-east-1', (event) => events.push(event as (typeof events)[number]), budget);
    const wrapped = store();
    layer.wrapStore(wrapped);
    const put = async (key: string, body: Buffer) => {
      await wrapped.putObject({ bucket: BUCKET, key, content: body, metadata: { 'content-type': 'text/plain' } });
      return events.at(-1)!.Records[0]!.s3.object.versionId;
    };
    return { layer, put, dir };
  };

  it('reads each version as written, whether it is still in memory or only on disk, and again after a restart', async () => {
    // Prepare: a budget of 10 bytes keeps the last version of 4 bytes or less only
    const { layer, put, dir } = versioning(10);
    const bodies = ['aa', 'bbb', 'a version too large to keep in memory', 'cc', 'dd', 'ee', 'ff'].map((text) => Buffer.from(text));
    // Act
    const ids: string[] = [];
    for (const body of bodies) ids.push(await put('stories/a.txt', body));
    // Assess
    expect(ids.map((id) => layer.readVersion(BUCKET, 'stories/a.txt', id)?.bytes.toString())).toEqual(bodies.map(String));
    layer.close();
    const reopened = new StandInVersioning(dir, new Set([BUCKET]), 'us-east-1', () => {});
    expect(ids.map((id) => reopened.readVersion(BUCKET, 'stories/a.txt', id)?.bytes.toString())).toEqual(bodies.map(String));
    reopened.close();
  });

  it('hands out copies: changing bytes read does not change what the next reader gets', async () => {
    // Prepare
    const { layer, put } = versioning(1024);
    const id = await put('stories/b.txt', Buffer.from('Fire in the port'));
    // Act
    layer.readVersion(BUCKET, 'stories/b.txt', id)!.bytes.fill(0);
    // Assess
    expect(layer.readVersion(BUCKET, 'stories/b.txt', id)?.bytes.toString()).toBe('Fire in the port');
    expect(layer.readVersion(BUCKET, 'stories/other.txt', id)).toBeUndefined();
    layer.close();
  });

  it('reads versions a data folder recorded before the pack file (one objects/<versionId>.bin each) next to new ones', async () => {
    // Prepare: a folder as the stand-in left it before: a log line without a pack position, the bytes in their own file
    const dir = mkdtempSync(join(tmpdir(), 'redline-versions-'));
    dirs.push(dir);
    const old = { key: 'stories/c.txt', versionId: 'a'.repeat(32), isDeleteMarker: false, lastModified: '2026-01-01T00:00:00.000Z', etag: 'x', size: 9, metadata: {}, eventName: 'ObjectCreated:Put' };
    writeFileSync(join(dir, `${BUCKET}.jsonl`), `${JSON.stringify(old)}\n`);
    mkdirSync(join(dir, 'objects'));
    writeFileSync(join(dir, 'objects', `${old.versionId}.bin`), 'Old story');
    const layer = new StandInVersioning(dir, new Set([BUCKET]), 'us-east-1', () => {}, 0);
    const wrapped = store();
    layer.wrapStore(wrapped);
    // Act
    await wrapped.putObject({ bucket: BUCKET, key: 'stories/c.txt', content: Buffer.from('New story'), metadata: {} });
    // Assess
    const [newest, oldest] = [...layer.keyVersions(BUCKET, 'stories/c.txt')];
    expect(oldest?.versionId).toBe(old.versionId);
    expect(layer.readVersion(BUCKET, 'stories/c.txt', old.versionId)?.bytes.toString()).toBe('Old story');
    expect(layer.readVersion(BUCKET, 'stories/c.txt', newest!.versionId)?.bytes.toString()).toBe('New story');
    layer.close();
  });
});
