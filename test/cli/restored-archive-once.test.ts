// Issue 12, item 1, exactly once: an archived revision restored later is recorded once whatever
// happens — a crash at any port call then the retry, backfills racing S3's restore-completed
// notification, and stories whose versions were rejected before the archive index existed. On moto
// (versioned S3), through the ingest use case in-process (crash injection) and `redline backfill`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { backfill as backfillInProcess } from '../../lambdas/app/backfill.ts';
import { ingestChange } from '../../lambdas/app/ingest.ts';
import { verifyStory } from '../../lambdas/app/verify.ts';
import { ingestDeps } from '../../lambdas/app/wiring.ts';
import { ingestConfigFromEnv } from '../../lambdas/config.ts';
import { openArchiveBench, rows, type ArchiveBench } from '../support/archive-bench.ts';
import { drainQueue } from '../support/harness.ts';
import { withFaultAt } from '../support/ledger-suite.ts';

describe.skipIf(process.env.REDLINE_SKIP_MOTO === '1')('Restored archive, exactly once (moto)', { timeout: 240_000 }, () => {
  let bench: ArchiveBench;
  const put: ArchiveBench['put'] = (...args) => bench.put(...args);
  const restore: ArchiveBench['restore'] = (...args) => bench.restore(...args);
  const history: ArchiveBench['history'] = (storyId) => bench.history(storyId);
  const deps = () => ingestDeps(bench.clients, { tableName: bench.table, archiveBucket: `${bench.bucket}-archive` }, ingestConfigFromEnv({}));

  beforeAll(async () => {
    bench = await openArchiveBench('restored-once');
  });

  afterAll(() => bench?.stop());

  it('records a restored revision exactly once after a crash at any port call and the retry, and when backfills and the restore event race', async () => {
    // Prepare
    /** Revision 1, revision 2 in GLACIER (recorded, rejected archived), restored, then revision 3 (not recorded yet). */
    const restoredStory = async (storyId: string) => {
      const key = `stories/${storyId}.txt`;
      await put(key, 'Storm\n\nWinds reached 90 km/h.');
      const archivedVersion = await put(key, 'Storm\n\nWinds reached 120 km/h.', 'GLACIER');
      await backfillInProcess(deps(), { bucket: bench.bucket, prefix: key });
      await restore(key, archivedVersion);
      await put(key, 'Storm\n\nWinds reached 130 km/h.');
      return { key, archivedVersion };
    };
    const expectedRows = [
      [1, 'recorded', undefined],
      [2, 'rejected', 'archived'],
      [3, 'recorded', undefined],
      [4, 'unarchived', 2],
    ];

    // Act + Assess: a crash at call n of the backfill that records revision 3 and the restored revision, then the retry
    let crashes = 0;
    for (let failAt = 1; ; failAt++) {
      const storyId = `restore/crash-${failAt}`;
      const { key } = await restoredStory(storyId);
      const crashed = await backfillInProcess(withFaultAt(deps(), failAt).deps, { bucket: bench.bucket, prefix: key }).then(
        () => false,
        () => true,
      );
      await backfillInProcess(deps(), { bucket: bench.bucket, prefix: key });
      expect(rows(await history(storyId)), `crash at call ${failAt}`).toEqual(expectedRows);
      expect((await verifyStory(storyId, deps())).ok, `crash at call ${failAt}`).toBe(true);
      if (!crashed) break;
      crashes += 1;
    }
    expect(crashes).toBeGreaterThanOrEqual(10);

    // Three backfills and the restore-completed event at once
    const { key, archivedVersion } = await restoredStory('restore/race');
    const now = new Date().toISOString();
    await ingestChange({ change: 'created', eventName: 'ObjectCreated:Put', eventTime: now, bucket: bench.bucket, key }, deps()); // revision 3 only
    const event = { change: 'restored' as const, eventName: 'ObjectRestore:Completed', eventTime: now, bucket: bench.bucket, key, versionId: archivedVersion };
    await Promise.all([
      backfillInProcess(deps(), { bucket: bench.bucket, prefix: key }),
      backfillInProcess(deps(), { bucket: bench.bucket, prefix: key }),
      ingestChange(event, deps()),
      backfillInProcess(deps(), { bucket: bench.bucket, prefix: key }),
      ingestChange(event, deps()),
    ]);
    expect(rows(await history('restore/race'))).toEqual(expectedRows);
    expect((await verifyStory('restore/race', deps())).ok).toBe(true);
    await drainQueue(bench.clients.sqs, bench.queueUrl); // moto's restore-completed notifications of these stories
  });

  it('records a restored revision of a story whose versions were recorded before the archive index existed', async () => {
    // Prepare: revision 1, revision 2 in GLACIER, restored, revision 3; then the archive index
    // items are removed, as a story recorded before the index existed never had them
    const key = 'stories/restore/legacy.txt';
    await put(key, 'Strike\n\nTrains ran at 40 percent.');
    const archivedVersion = await put(key, 'Strike\n\nTrains ran at 55 percent.', 'GLACIER');
    await bench.workerDrains();
    await restore(key, archivedVersion);
    await put(key, 'Strike\n\nTrains ran at 70 percent.');
    await bench.workerDrains();
    await drainQueue(bench.clients.sqs, bench.queueUrl);
    const indexItems = await bench.clients.documents.send(
      new QueryCommand({ TableName: bench.table, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)', ExpressionAttributeValues: { ':pk': 'STORY#restore/legacy', ':a': 'ARCHIVED' } }),
    );
    expect(indexItems.Items?.map((item) => item.SK)).toEqual(['ARCHIVED', 'ARCHIVED#0000000002']);
    for (const item of indexItems.Items ?? []) await bench.clients.documents.send(new DeleteCommand({ TableName: bench.table, Key: { PK: item.PK, SK: item.SK } }));

    // Act
    const first = await bench.backfill(key);
    const again = await bench.backfill(key);

    // Assess
    expect(first).toMatchObject({ recorded: 1, unarchived: 1 });
    expect(again).toMatchObject({ recorded: 0, unarchived: 0 });
    const records = await history('restore/legacy');
    expect(rows(records)).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'archived'],
      [3, 'recorded', undefined],
      [4, 'unarchived', 2],
    ]);
    expect(records[3]?.comparedWith?.version).toBe(1);
    expect((await verifyStory('restore/legacy', deps())).ok).toBe(true);
  });
});
