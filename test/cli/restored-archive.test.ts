// Issue 12, item 1: a revision S3 held in an archive storage class when it arrived is recorded as
// rejected `archived`; once restored, `redline backfill` (or S3's restore-completed notification,
// through `redline worker`) records it once, as an `unarchived` version placed in its S3 order.
// On moto server (versioned S3 → SQS), through the CLI as a user runs it.
//
// moto's RestoreObject ignores VersionId and restores the key's current version, so each story
// restores its archived revision while it is the current one, before the next upload. moto sends
// `s3:ObjectRestore:Completed` (without versionId) the first time it reads the restored object's
// state afterwards (a HEAD or GET); the backfill test drops that notification, as a deployment whose
// notifications predate the restore subscription would never get it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { queryDeps } from '../../lambdas/app/query-wiring.ts';
import { storyHistory } from '../../lambdas/app/queries.ts';
import type { VersionRecord } from '../../lambdas/core/ledger.ts';
import { openArchiveBench, rows, type ArchiveBench } from '../support/archive-bench.ts';
import { drainQueue } from '../support/harness.ts';
import { canonicalHash } from '../support/ledger-suite.ts';

describe.skipIf(process.env.REDLINE_SKIP_MOTO === '1')('Restored archive: an archived revision restored later is recorded once, in its S3 order (moto, redline worker + backfill)', { timeout: 240_000 }, () => {
  let bench: ArchiveBench;
  const put: ArchiveBench['put'] = (...args) => bench.put(...args);
  const restore: ArchiveBench['restore'] = (...args) => bench.restore(...args);
  const history: ArchiveBench['history'] = (storyId) => bench.history(storyId);
  const cli: ArchiveBench['cli'] = (args) => bench.cli(args);
  const workerDrains = () => bench.workerDrains();
  const backfill: ArchiveBench['backfill'] = (key) => bench.backfill(key);
  const queueDepth: ArchiveBench['queueDepth'] = (url) => bench.queueDepth(url);
  /** S3's `ObjectRestore:Completed` notification (the shape of ../shared/aws-events/*restore-event.json), as S3 sends it to the queue. */
  const restoreCompleted = (key: string, versionId: string) =>
    bench.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: bench.queueUrl,
        MessageBody: JSON.stringify({
          Records: [
            {
              eventVersion: '2.1',
              eventSource: 'aws:s3',
              awsRegion: 'us-east-1',
              eventTime: new Date().toISOString(),
              eventName: 'ObjectRestore:Completed',
              userIdentity: { principalId: 'AmazonCustomer:A3I5XTEXAMAI3E' },
              requestParameters: { sourceIPAddress: '127.0.0.1' },
              s3: { s3SchemaVersion: '1.0', bucket: { name: bench.bucket, arn: `arn:aws:s3:::${bench.bucket}` }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), versionId, sequencer: '0A1B2C3D4E5F678901' } },
              glacierEventData: { restoreEventData: { lifecycleRestorationExpiryTime: new Date(Date.now() + 86_400_000).toISOString(), lifecycleRestoreStorageClass: 'Standard' } },
            },
          ],
        }),
      }),
    );

  beforeAll(async () => {
    bench = await openArchiveBench('restored');
  });

  afterAll(() => bench?.stop());

  it('records a GLACIER revision restored later through backfill, once, against the revision before it, listed at its S3 place; the next upload diffs against the latest revision', async () => {
    // Prepare: revision 1, revision 2 in GLACIER (rejected archived), restored, then revision 3
    const key = 'stories/restore/flood.txt';
    const texts = ['Flood warning\n\nThe river rose 2 metres.', 'Flood warning\n\nThe river rose 3 metres.', 'Flood warning\n\nThe river rose 4 metres. Roads are closed.'];
    await put(key, texts[0]!);
    const archivedVersion = await put(key, texts[1]!, 'GLACIER');
    await workerDrains();
    expect(rows(await history('restore/flood'))).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'archived'],
    ]);
    await restore(key, archivedVersion);
    const head = await bench.clients.s3.send(new HeadObjectCommand({ Bucket: bench.bucket, Key: key, VersionId: archivedVersion }));
    expect(head.StorageClass).toBe('GLACIER');
    expect(head.Restore).toMatch(/^ongoing-request="false", expiry-date=/);
    // The restore-completed notification is lost: only backfill can record the restored revision.
    const dropped = (await drainQueue(bench.clients.sqs, bench.queueUrl)) as { Records?: { eventName: string }[] }[];
    expect(dropped.map((body) => body.Records?.[0]?.eventName)).toEqual(['ObjectRestore:Completed']);
    await put(key, texts[2]!);
    await workerDrains();
    expect(rows(await history('restore/flood'))).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'archived'],
      [3, 'recorded', undefined],
    ]);

    // Act
    const first = await backfill(key);
    const again = await backfill(key);

    // Assess: one unarchived version, compared with revision 1, not made the story's current text
    expect(first).toMatchObject({ recorded: 1, unarchived: 1, stillArchived: 0 });
    expect(again).toMatchObject({ recorded: 0, unarchived: 0, stillArchived: 0 });
    const records = await history('restore/flood');
    expect(rows(records)).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'archived'],
      [3, 'recorded', undefined],
      [4, 'unarchived', 2],
    ]);
    const restored = records[3]!;
    expect(restored.source.versionId).toBe(archivedVersion);
    expect(restored.eventTime).toBe(records[1]!.eventTime);
    expect(restored.sha256).toBe(canonicalHash(texts[1]!));
    expect(restored.comparedWith).toEqual({ version: 1, sha256: canonicalHash(texts[0]!) });
    expect(restored.change?.numbers?.map((n) => [n.before, n.after])).toEqual([['2 metres', '3 metres']]);
    expect(restored.content).toEqual({ version: 3, sha256: canonicalHash(texts[2]!) });

    // Listed at its S3 place: the CLI, and the API's pages (the restored version on its rejected version's page)
    const cliHistory = JSON.parse(await cli(['history', 'restore/flood', '--json'])) as VersionRecord[];
    expect(cliHistory.map((r) => r.version)).toEqual([1, 2, 4, 3]);
    expect(await cli(['history', 'restore/flood'])).toMatch(/^4 +unarchived: v2 restored later/m);
    const deps = queryDeps(bench.clients, { tableName: bench.table, archiveBucket: `${bench.bucket}-archive` });
    const oldest = await storyHistory(deps, 'restore/flood', { order: 'oldest', limit: 2 });
    expect(oldest.items.map((r) => r.version)).toEqual([1, 2, 4]);
    expect((await storyHistory(deps, 'restore/flood', { order: 'oldest', limit: 2, cursor: oldest.cursor })).items.map((r) => r.version)).toEqual([3]);
    expect((await storyHistory(deps, 'restore/flood', { order: 'newest' })).items.map((r) => r.version)).toEqual([3, 4, 2, 1]);

    // The chain verifies, and so does every record against S3
    expect(await cli(['verify', 'restore/flood', '--deep'])).toMatch(/OK/);

    // The next upload is compared with revision 3 (the latest in S3's order), not the restored one
    await put(key, 'Flood warning\n\nThe river rose 5 metres. Roads are closed.');
    await workerDrains();
    const after = await history('restore/flood');
    expect(rows(after).at(-1)).toEqual([5, 'recorded', undefined]);
    expect(after.at(-1)?.comparedWith).toEqual({ version: 3, sha256: canonicalHash(texts[2]!) });
    expect(after.at(-1)?.change?.numbers?.map((n) => [n.before, n.after])).toEqual([['4 metres', '5 metres']]);
    expect(await queueDepth(bench.queueUrl)).toBe(0);
    expect(await queueDepth(bench.deadLetterQueueUrl)).toBe(0);
  });

  it("records the restored revision from S3's ObjectRestore:Completed notification through redline worker, once however often it comes; backfill then adds nothing", async () => {
    // Prepare
    const key = 'stories/restore/ferry.md';
    const archivedText = '# Ferry delayed\n\nThe ferry left 45 minutes late.';
    await put(key, '# Ferry delayed\n\nThe ferry left 20 minutes late.');
    const archivedVersion = await put(key, archivedText, 'DEEP_ARCHIVE');
    await workerDrains();
    await restore(key, archivedVersion);
    await bench.clients.s3.send(new HeadObjectCommand({ Bucket: bench.bucket, Key: key, VersionId: archivedVersion })); // moto now sends ObjectRestore:Completed

    // Act: moto's notification, then S3's documented shape of it (with versionId) twice more
    await workerDrains();
    await restoreCompleted(key, archivedVersion);
    await restoreCompleted(key, archivedVersion);
    await workerDrains();
    const after = await backfill(key);

    // Assess: recorded once; it was the latest revision in S3's order, so it is the story's current text
    const records = await history('restore/ferry');
    expect(rows(records)).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'archived'],
      [3, 'unarchived', 2],
    ]);
    expect(records[2]?.source).toMatchObject({ versionId: archivedVersion, eventName: 'ObjectRestore:Completed' });
    expect(records[2]?.comparedWith?.version).toBe(1);
    expect(records[2]?.content).toEqual({ version: 3, sha256: canonicalHash(archivedText, 'markdown') });
    expect(after).toMatchObject({ recorded: 0, unarchived: 0 });
    // The next upload is compared with the restored revision: it is the latest in S3's order
    await put(key, '# Ferry delayed\n\nThe ferry left 50 minutes late.');
    await workerDrains();
    const next = (await history('restore/ferry')).at(-1);
    expect([next?.version, next?.status, next?.comparedWith?.version]).toEqual([4, 'recorded', 3]);
    expect(next?.change?.numbers?.map((n) => [n.before, n.after])).toEqual([['45', '50']]);
    expect(await cli(['verify', 'restore/ferry'])).toMatch(/OK/);
    expect(await queueDepth(bench.queueUrl)).toBe(0);
    expect(await queueDepth(bench.deadLetterQueueUrl)).toBe(0);
  });

  it('reports a version still archived as such, appends nothing for it, and records it once it is restored', async () => {
    // Prepare
    const key = 'stories/restore/vote.txt';
    await put(key, 'Budget vote\n\nThe council approved 12 million.');
    const archivedVersion = await put(key, 'Budget vote\n\nThe council approved 14 million.', 'GLACIER');
    await workerDrains();

    // Act
    const still = await backfill(key);

    // Assess
    expect(still.stillArchived).toBe(1);
    expect(still.stillArchivedVersions).toEqual([{ storyId: 'restore/vote', version: 2, detail: expect.stringMatching(/cannot be read yet \(archived\)/) }]);
    expect(rows(await history('restore/vote'))).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'archived'],
    ]);

    // Restored while it is the latest revision: it becomes the story's current text
    await restore(key, archivedVersion);
    expect(await backfill(key)).toMatchObject({ unarchived: 1, stillArchived: 0 });
    const records = await history('restore/vote');
    expect(rows(records)).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'archived'],
      [3, 'unarchived', 2],
    ]);
    expect(records[2]?.content).toEqual({ version: 3, sha256: canonicalHash('Budget vote\n\nThe council approved 14 million.') });
    await put(key, 'Budget vote\n\nThe council approved 15 million.');
    await workerDrains();
    const last = (await history('restore/vote')).at(-1);
    expect([last?.version, last?.status, last?.comparedWith?.version]).toEqual([4, 'recorded', 3]);
    expect(await cli(['verify', 'restore/vote'])).toMatch(/OK/);
  });
});
