import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { PumpThread, PumpThreadStoppedError } from '../../lambdas/local/pump-thread.ts';
import { ingestConfigFromEnv } from '../../lambdas/config.ts';
import { readHistory } from '../../lambdas/cli/history.ts';
import { checkLedger } from '../bench/ledger-check.ts';
import { embeddedStarts } from '../support/embedded-starts.ts';

// `redline start` records uploads on a thread of its own: the S3 stand-in keeps the starting
// thread, the pump reads the version log and writes the archive through it, and sends its
// DynamoDB requests to the dynalite thread itself.
describe('Class: PumpThread (the embedded pump on its own thread)', () => {
  const stores = embeddedStarts('redline-pump-thread-');
  const start = stores.start;
  afterEach(() => stores.stopAll());
  const text = (story: number, revision: number) => `Storm in district ${story}\n\nWind at ${90 + revision} km/h, ${revision} roofs lost.`;

  it('records concurrent uploads of several stories once each, in upload order, with no DynamoDB request from the starting thread', async () => {
    // Prepare
    const embedded = await start();
    let requestsFromStartingThread = 0;
    embedded.clients.dynamodb.middlewareStack.add(
      (next) => (args) => {
        requestsFromStartingThread++;
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    const upload = (story: number, revision: number) =>
      embedded.clients.s3.send(new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: `stories/thread/story-${story}.txt`, Body: text(story, revision) }));

    // Act: 4 stories × 6 revisions, each story's revisions one after another, the stories at once.
    await Promise.all(
      [0, 1, 2, 3].map(async (story) => {
        for (let revision = 0; revision < 6; revision++) await upload(story, revision);
      }),
    );
    await embedded.idle();
    const counted = requestsFromStartingThread;

    // Assess
    expect(counted).toBe(0);
    expect(await checkLedger(embedded.deps().ledger, 'thread/story-', 4, 6, text)).toEqual({ lost: 0, duplicated: 0, misordered: 0, brokenLinks: 0 });
    for (const story of [0, 1, 2, 3]) {
      const records = await readHistory(embedded.deps().ledger, `thread/story-${story}`);
      expect(records.map((record) => record.status)).toEqual(Array(6).fill('recorded'));
      const texts = await Promise.all(records.map((record) => embedded.deps().archive.getCanonical(record.sha256!)));
      texts.forEach((canonical, revision) => expect(canonical).toContain(`${revision} roofs lost`));
    }
  });

  it('fails every notification sent after the thread stopped with PumpThreadStoppedError instead of leaving it waiting', async () => {
    // Prepare: a pump thread of its own over a store whose events the test delivers.
    const events: unknown[] = [];
    const embedded = await start({ autoIngest: false, onEvent: (event) => events.push(event) });
    const pump = await PumpThread.start({
      s3Endpoint: embedded.endpoints.s3,
      dynamodbEndpoint: embedded.endpoints.dynamodb,
      versionedBuckets: [embedded.names.uploadBucket],
      config: ingestConfigFromEnv(),
      versioning: embedded.versioning,
      archive: embedded.deps().archive,
      log: { info() {}, warn() {}, error() {} },
    });
    const upload = (revision: number) =>
      embedded.clients.s3.send(new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: 'stories/thread/stopped.txt', Body: text(9, revision) }));
    await upload(0);
    const recorded = await pump.ingest(events[0]);
    await upload(1);

    // Act
    await pump.close();
    const afterStop = pump.ingest(events[1]);

    // Assess
    expect(recorded).toEqual([expect.objectContaining({ outcome: 'recorded', storyId: 'thread/stopped', version: 1 })]);
    await expect(afterStop).rejects.toThrow(PumpThreadStoppedError);
    await expect(afterStop).rejects.toThrow('the embedded pump thread has stopped');
    expect((await readHistory(embedded.deps().ledger, 'thread/stopped')).map((record) => record.version)).toEqual([1]);
  });
});
