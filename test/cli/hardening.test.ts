// Issue 12's reproductions on moto server (versioned S3 → SQS), through `redline worker` as a user
// runs it: no upload S3 accepted can wedge a story (the next revision is recorded and the DLQ stays
// empty), and every S3 version is recorded exactly once whatever the keys.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../../lambdas/adapters/clients.ts';
import { ingestDeps } from '../../lambdas/app/wiring.ts';
import { processIngestEvent } from '../../lambdas/app/process-event.ts';
import { ingestConfigFromEnv } from '../../lambdas/config.ts';
import { sha256Hex } from '../../lambdas/core/hashing.ts';
import { startMoto, type MotoServer } from '../support/moto.ts';
import { redlineCli } from '../support/redline-cli.ts';
import { drainQueue, versionsViaDynamoDb } from '../support/harness.ts';

interface HistoryRecord {
  version: number;
  status: string;
  rejection?: { code: string; reason: string };
  source: { key: string; versionId: string };
  change?: { stealth: boolean };
}

const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe.skipIf(process.env.REDLINE_SKIP_MOTO === '1')('Hardening: nothing S3 accepted wedges a story, exactly once whatever the keys (moto, redline worker)', { timeout: 240_000 }, () => {
  let moto: MotoServer;
  let endpoint: string;
  let clients: AwsClients;
  let queueUrl: string;
  let deadLetterQueueUrl: string;
  let dir: string;
  const bucket = 'hardening';
  const target = () => ['--endpoint-url', endpoint, '--bucket', bucket, '--table', `${bucket}-ledger`];
  const put = (key: string, body: string | Buffer, extra: { StorageClass?: 'GLACIER' | 'DEEP_ARCHIVE' } = {}) =>
    clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body), Metadata: { editor: 'Ana Ruiz' }, ...extra }));
  // Read straight through the DynamoDB API: one CLI process per test (the worker) keeps it quick.
  const history = async (storyId: string) => (await versionsViaDynamoDb(clients.dynamodb, `${bucket}-ledger`, storyId)) as unknown as HistoryRecord[];
  const worker = (env: Record<string, string> = {}) => redlineCli(['worker', '--queue-url', queueUrl, '--drain', ...target()], env);
  /** Runs `redline worker --drain` and requires it to exit 0 with no message failed. */
  const workerDrains = async (env: Record<string, string> = {}) => {
    const run = await worker(env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/, 0 failed/);
  };
  /** Version, status and rejection code of each record, oldest first. */
  const outcomeRows = (records: HistoryRecord[]) => records.map((r) => [r.version, r.status, r.rejection?.code]);
  /** The ingest use case wired to this bucket's ledger and archive, for tests that call it in-process. */
  const deps = (config: Partial<ReturnType<typeof ingestConfigFromEnv>> = {}) =>
    ingestDeps(clients, { tableName: `${bucket}-ledger`, archiveBucket: `${bucket}-archive` }, { ...ingestConfigFromEnv({}), ...config });
  const queueDepth = async (url: string) => {
    const attributes = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  };

  beforeAll(async () => {
    moto = await startMoto();
    ({ endpoint, clients } = moto);
    dir = mkdtempSync(join(tmpdir(), 'redline-hardening-'));
    const init = await redlineCli(['init', '--with-queue', '--json', ...target()]);
    expect(init.code, init.stderr).toBe(0);
    const queue = (JSON.parse(init.stdout) as { queue: { url: string } }).queue;
    queueUrl = queue.url;
    deadLetterQueueUrl = `${queueUrl}-dlq`;
    await drainQueue(clients.sqs, queueUrl); // moto's s3:TestEvent
  });

  afterAll(() => {
    moto?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records a version archived to GLACIER as rejected (archived) and records the next revision; the DLQ stays empty (H1)', async () => {
    // Prepare
    const key = 'stories/wedge/glacier.txt';
    await put(key, 'Flood warning\n\nThe river rose 2 metres.');
    await put(key, 'Flood warning\n\nThe river rose 3 metres.', { StorageClass: 'GLACIER' });
    await put(key, 'Flood warning\n\nThe river rose 4 metres.');
    // Act
    await workerDrains();
    // Assess
    const records = await history('wedge/glacier');
    expect(outcomeRows(records)).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'archived'],
      [3, 'recorded', undefined],
    ]);
    expect(records[1]?.rejection?.reason).toMatch(/archive storage class \(GLACIER\)/);
    expect(await queueDepth(queueUrl)).toBe(0);
    expect(await queueDepth(deadLetterQueueUrl)).toBe(0);
  });

  it('records HTML nested 10,000 levels deep and 200,000 unclosed <b> as rejected (too-deep), and the next revision; the DLQ stays empty (H2)', async () => {
    // Prepare
    const key = 'stories/wedge/deep.html';
    await put(key, '<article><h1>Storm</h1><p>Winds reached 90 km/h.</p></article>');
    await put(key, `<article><h1>Storm</h1>${'<div>'.repeat(10_000)}<p>Winds reached 95 km/h.</p>${'</div>'.repeat(10_000)}</article>`);
    await put(key, `<article><h1>Storm</h1><p>Winds${'<b>'.repeat(200_000)} reached 100 km/h.</p></article>`);
    await put(key, '<article><h1>Storm</h1><p>Winds reached 110 km/h.</p></article>');
    // Act
    await workerDrains();
    // Assess
    const records = await history('wedge/deep');
    expect(outcomeRows(records)).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'too-deep'],
      [3, 'rejected', 'too-deep'],
      [4, 'recorded', undefined],
    ]);
    expect(await queueDepth(deadLetterQueueUrl)).toBe(0);
  });

  it('records an upload over REDLINE_MAX_REVISION_BYTES as rejected (too-large) and the next revision; the DLQ stays empty (H3)', async () => {
    // Prepare
    const key = 'stories/wedge/large.txt';
    await put(key, 'Budget vote\n\nThe council approved 12 million.');
    await put(key, `Budget vote\n\n${'The council debated the budget. '.repeat(4000)}`);
    await put(key, 'Budget vote\n\nThe council approved 14 million.');
    // Act
    await workerDrains({ REDLINE_MAX_REVISION_BYTES: '4096' });
    // Assess
    const records = await history('wedge/large');
    expect(outcomeRows(records)).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'too-large'],
      [3, 'recorded', undefined],
    ]);
    expect(records[1]?.rejection?.reason).toMatch(/is 128013 bytes; the limit is 4096 bytes/);
    expect(await queueDepth(deadLetterQueueUrl)).toBe(0);
  });

  it('records a revision whose comparison exceeds REDLINE_WORK_BUDGET as rejected (too-slow), and the next revision, compared with the last one recorded; the DLQ stays empty', async () => {
    // Prepare: a budget of 4,096 characters (both canonical texts); the second revision alone is ~6,400.
    const key = 'stories/wedge/slow.txt';
    await put(key, 'Budget vote\n\nThe council approved 12 million.');
    await put(key, `Budget vote\n\n${'The council debated the budget. '.repeat(200)}`);
    await put(key, 'Budget vote\n\nThe council approved 14 million.');
    // Act
    await workerDrains({ REDLINE_WORK_BUDGET: '4096' });
    // Assess
    const records = await history('wedge/slow');
    expect(outcomeRows(records)).toEqual([
      [1, 'recorded', undefined],
      [2, 'rejected', 'too-slow'],
      [3, 'recorded', undefined],
    ]);
    expect(records[1]?.rejection?.reason).toMatch(/^comparing with version 1 exceeded the engine's work budget: comparing \d+ characters of both canonical texts needs more than the work budget of 4096$/);
    // The next revision is compared with version 1, the last one recorded: 12 → 14 million.
    expect((records[2] as unknown as { comparedWith?: { version: number } }).comparedWith?.version).toBe(1);
    expect(await queueDepth(queueUrl)).toBe(0);
    expect(await queueDepth(deadLetterQueueUrl)).toBe(0);
  });

  it('decides too-large from the version listing, before any GetObject of the object (H3)', async () => {
    // Prepare: count GetObject requests per key on the client the ingest path uses
    const key = 'stories/wedge/never-read.txt';
    const reads: string[] = [];
    clients.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetObjectCommand') reads.push((args.input as { Key: string }).Key);
        return next(args);
      },
      { step: 'initialize', name: 'countGetObject' },
    );
    try {
      await put(key, 'x'.repeat(256 * 1024));
      const events = await drainQueue(clients.sqs, queueUrl);
      const ingest = deps({ maxRevisionBytes: 1024 });
      // Act
      for (const event of events) await processIngestEvent(event, ingest, silent);
      // Assess
      const records = await history('wedge/never-read');
      expect(records.map((r) => [r.status, r.rejection?.code])).toEqual([['rejected', 'too-large']]);
      expect(reads.filter((read) => read === key)).toEqual([]);
    } finally {
      clients.s3.middlewareStack.remove('countGetObject');
    }
  });

  it('records one story uploaded as x.md, x.html, x.md, x.html as four versions, each S3 version once (H4)', async () => {
    // Prepare
    await put('stories/keys/x.md', '# Strike\n\nBuses stop at 10:00.');
    await put('stories/keys/x.html', '<article><h1>Strike</h1><p>Buses stop at 11:00.</p></article>');
    await put('stories/keys/x.md', '# Strike\n\nBuses stop at 12:00.');
    await put('stories/keys/x.html', '<article><h1>Strike</h1><p>Buses stop at 13:00.</p></article>');
    // Act
    const run = await worker();
    const again = await redlineCli(['backfill', '--json', ...target()]);
    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ recorded: 0 });
    const records = await history('keys/x');
    expect(records).toHaveLength(4);
    const sources = records.map((r) => `${r.source.key}@${r.source.versionId}`);
    expect(new Set(sources).size).toBe(4);
    for (const key of ['stories/keys/x.md', 'stories/keys/x.html']) {
      const listed = await clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
      const versionIds = (listed.Versions ?? []).filter((v) => v.Key === key).map((v) => v.VersionId).reverse();
      expect(records.filter((r) => r.source.key === key).map((r) => r.source.versionId)).toEqual(versionIds);
    }
  });

  it('does not re-record surviving versions after the latest recorded S3 version is permanently deleted (M3)', async () => {
    // Prepare: two revisions recorded, then the second purged (break-glass), then a third upload
    const key = 'stories/purge/story.txt';
    await put(key, 'Election\n\nTurnout was 61 percent.');
    const second = await put(key, 'Election\n\nTurnout was 62 percent.');
    expect((await worker()).code).toBe(0);
    await clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: second.VersionId }));
    await put(key, 'Election\n\nTurnout was 63 percent.');
    // Act
    const run = await worker();
    // Assess
    expect(run.code, run.stderr).toBe(0);
    const records = await history('purge/story');
    expect(records.map((r) => [r.version, r.status])).toEqual([[1, 'recorded'], [2, 'recorded'], [3, 'recorded']]);
    expect(new Set(records.map((r) => r.source.versionId)).size).toBe(3);
  });

  it('records a delete made in the same second as the last recorded version instead of losing it (M2)', async () => {
    // Prepare + Act: record a revision, then delete the object within the same second (retry
    // with a new story when the clock ticked in between)
    const ingest = deps();
    let storyId = '';
    for (let attempt = 0; attempt < 8; attempt++) {
      storyId = `same-second/try-${attempt}`;
      const key = `stories/${storyId}.txt`;
      while (Date.now() % 1000 > 200) await new Promise((resolve) => setTimeout(resolve, 20));
      await put(key, 'Heatwave\n\nTemperatures reached 41 degrees.');
      for (const event of await drainQueue(clients.sqs, queueUrl)) await processIngestEvent(event, ingest, silent);
      const recorded = (await history(storyId)).length === 1;
      await clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      const listed = await clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
      const seconds = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((entry) => Math.floor(entry.LastModified!.getTime() / 1000));
      if (recorded && new Set(seconds).size === 1) break;
    }
    // moto sends no notification for a delete marker: the next upload's walk finds it
    await put(`stories/${storyId}.txt`, 'Heatwave\n\nTemperatures reached 42 degrees.');
    const run = await worker();
    expect(run.code, run.stderr).toBe(0);
    // Assess
    const records = await history(storyId);
    expect(records.map((r) => r.status)).toEqual(['recorded', 'deleted', 'restored']);
  });

  it('reports an event for a key S3 holds no version of as ignored, not as already in the ledger (L6)', async () => {
    // Prepare
    const event = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: bucket }, object: { key: 'stories/ghost/never-uploaded.txt' } } }] };
    writeFileSync(join(dir, 'ghost.json'), JSON.stringify(event));
    // Act
    const result = await redlineCli(['ingest-event', join(dir, 'ghost.json'), ...target()]);
    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ outcome: 'ignored', reason: 'no-versions', detail: `S3 lists no version of s3://${bucket}/stories/ghost/never-uploaded.txt: nothing to record` }]);
  });
  it('records a story id of 500 Cyrillic characters (1,000 bytes) as rejected (invalid-story-id) instead of retrying it forever; the DLQ stays empty (L3)', async () => {
    // Prepare: 500 characters pass the 512-character rule; 1,000 bytes overflow DynamoDB's sort keys.
    const key = `stories/${'я'.repeat(500)}.txt`;
    await put(key, 'Weather\n\nRain until noon.');
    await put('stories/wedge/after-cyrillic.txt', 'Weather\n\nSun after noon.');
    // Act
    await workerDrains();
    // Assess
    const records = await history(`invalid-keys/${sha256Hex(key)}`);
    expect(outcomeRows(records)).toEqual([[1, 'rejected', 'invalid-story-id']]);
    expect(records[0]?.source.key).toBe(key);
    expect(records[0]?.rejection?.reason).toContain("1000 bytes of UTF-8; at most 900 fit DynamoDB's key limit");
    expect((await history('wedge/after-cyrillic')).map((r) => r.status)).toEqual(['recorded']);
    expect(await queueDepth(queueUrl)).toBe(0);
    expect(await queueDepth(deadLetterQueueUrl)).toBe(0);
  });

  it('records keys with a control character or over 512 characters as rejected (invalid-story-id), not ignored (L7)', async () => {
    // Prepare
    const control = 'stories/wedge/bad\u0001id.txt';
    const long = `stories/${'a'.repeat(600)}.txt`;
    await put(control, 'Traffic\n\nThe bridge reopened.');
    await put(long, 'Traffic\n\nThe tunnel reopened.');
    // Act
    await workerDrains();
    // Assess
    const controlRecords = await history(`invalid-keys/${sha256Hex(control)}`);
    const longRecords = await history(`invalid-keys/${sha256Hex(long)}`);
    expect(controlRecords.map((r) => [r.status, r.rejection?.code, r.source.key])).toEqual([['rejected', 'invalid-story-id', control]]);
    expect(controlRecords[0]?.rejection?.reason).toBe('key "stories/wedge/bad\\u0001id.txt" names no usable story: the story id contains control characters');
    expect(longRecords.map((r) => [r.status, r.rejection?.code])).toEqual([['rejected', 'invalid-story-id']]);
    expect(longRecords[0]?.rejection?.reason).toContain('… (612 characters)" names no usable story: the story id is 600 characters long; at most 512 are allowed');
    expect(await queueDepth(deadLetterQueueUrl)).toBe(0);
  });

  it('logs a 1 MB key from a forged notification truncated to one short line, reported as not an S3 key (L7)', async () => {
    // Prepare
    const hugeKey = `stories/${'x'.repeat(1_000_000)}.txt`;
    const event = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: bucket }, object: { key: hugeKey } } }] };
    const lines: string[] = [];
    const capture = (message: string, attributes?: Record<string, unknown>) => void lines.push(JSON.stringify({ message, ...attributes }));
    // Act
    const outcomes = await processIngestEvent(event, deps(), { info: capture, warn: capture, error: capture, focus: (keys) => capture('focus', keys) });
    // Assess
    expect(outcomes).toEqual([{ outcome: 'ignored', reason: 'not-an-s3-key', detail: expect.stringContaining('… (1000012 characters)" is longer than S3\'s 1024 bytes') }]);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.length).toBeLessThan(1_000);
  });
});
