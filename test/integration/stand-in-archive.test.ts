import { DeleteBucketCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedStarts } from '../support/embedded-starts.ts';
import { S3Archive } from '../../lambdas/adapters/s3-revisions.ts';

// The pump of `redline start` writes canonical texts and overflowed patches into the stand-in's
// store in process: what anyone reads back over the S3 API must be what a PutObject would have left.
describe('Class: StandInArchive (the embedded pump writes archive objects in process)', () => {
  const stores = embeddedStarts('redline-archive-');
  const start = (options: { maxInlinePatchBytes?: number } = {}) => stores.start({ config: { maxInlinePatchBytes: options.maxInlinePatchBytes ?? 4096 } });
  afterEach(() => stores.stopAll());

  it('leaves canonical texts and patches that read over S3 exactly like objects a PutObject wrote (body, ETag, Content-Type, size)', async () => {
    // Prepare
    const embedded = await start({ maxInlinePatchBytes: 10 });
    const { s3 } = embedded.clients;
    const upload = (body: string) => s3.send(new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: 'stories/archive/fire.txt', Body: body }));

    // Act
    await upload('Fire in the port\n\nFirefighters saved 90 homes.');
    await upload('Fire in the port\n\nFirefighters saved 95 homes on Sunday.');
    await embedded.idle();

    // Assess
    const { items } = await embedded.deps().ledger.history('archive/fire');
    expect(items.map((record) => record.status)).toEqual(['recorded', 'recorded']);
    const objects = [S3Archive.canonicalKey(items[0]!.sha256!), S3Archive.canonicalKey(items[1]!.sha256!), items[1]!.patchRef!.key];
    for (const key of objects) {
      const written = await s3.send(new GetObjectCommand({ Bucket: embedded.names.archiveBucket, Key: key }));
      const body = await written.Body!.transformToString('utf-8');
      // The same text PUT over HTTP by the SDK, as the S3 adapter writes it.
      await new S3Archive(s3, embedded.names.archiveBucket).putBlob(`compare/${key}`, body);
      const put = await s3.send(new GetObjectCommand({ Bucket: embedded.names.archiveBucket, Key: `compare/${key}` }));
      expect(await put.Body!.transformToString('utf-8'), key).toBe(body);
      expect({ etag: written.ETag, type: written.ContentType, length: written.ContentLength }, key).toEqual({ etag: put.ETag, type: put.ContentType, length: put.ContentLength });
    }
    expect(await embedded.deps().archive.getCanonical(items[1]!.sha256!)).toContain('95 homes on Sunday');
  });

  it('refuses to write into an archive bucket that was deleted, and does not recreate it', async () => {
    // Prepare
    const embedded = await start();
    const { s3 } = embedded.clients;
    await s3.send(new DeleteBucketCommand({ Bucket: embedded.names.archiveBucket }));

    // Act
    await s3.send(new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: 'stories/archive/gone.txt', Body: 'Storm\n\nWind at 90 km/h.' }));

    // Assess
    await expect(embedded.idle()).rejects.toThrow(`the embedded archive bucket "${embedded.names.archiveBucket}" does not exist`);
    await expect(s3.send(new HeadBucketCommand({ Bucket: embedded.names.archiveBucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect(await embedded.deps().ledger.latest('archive/gone')).toBeUndefined();
  });
});
