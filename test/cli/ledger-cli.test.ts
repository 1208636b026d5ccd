// The ledger commands run as a user would run them (the `redline` binary in a child process),
// against moto server: init → upload → worker → history/verify, plus ingest-event and backfill.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../lambdas/adapters/clients.ts';
import { startMoto, type MotoServer } from '../support/moto.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/redline.js');
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };

async function redline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: ENV, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.skipIf(process.env.REDLINE_SKIP_MOTO === '1')('Command: redline init / worker / ingest-event / backfill (moto server)', () => {
  let moto: MotoServer;
  let endpoint: string;
  let clients: AwsClients;
  let dir: string;
  const target = () => ['--endpoint-url', endpoint, '--bucket', 'desk', '--table', 'desk-ledger'];

  beforeAll(async () => {
    moto = await startMoto();
    ({ endpoint, clients } = moto);
    dir = mkdtempSync(join(tmpdir(), 'redline-ledger-cli-'));
  });

  afterAll(() => {
    moto?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates buckets, table and queue idempotently and says what it did as JSON', async () => {
    // Act
    const first = await redline('init', '--with-queue', '--json', ...target());
    const second = await redline('init', '--with-queue', '--json', ...target());
    // Assess
    expect(first.code, first.stderr).toBe(0);
    const created = JSON.parse(first.stdout) as Record<string, { result: string; versioned?: boolean; url?: string }>;
    expect(created.uploadBucket).toEqual({ name: 'desk', result: 'created', versioned: true });
    expect(created.table).toEqual({ name: 'desk-ledger', result: 'created' });
    expect(created.queue?.url).toMatch(/\/desk-notifications$/);
    const again = JSON.parse(second.stdout) as Record<string, { result: string }>;
    expect([again.uploadBucket?.result, again.table?.result, again.queue?.result]).toEqual(['exists', 'exists', 'exists']);
  });

  it('records uploads through `redline worker --drain`, then history and verify agree', async () => {
    // Prepare
    const queueUrl = (JSON.parse((await redline('init', '--with-queue', '--json', ...target())).stdout) as { queue: { url: string } }).queue.url;
    writeFileSync(join(dir, 'v1.txt'), 'Dam inspection ordered\n\nEngineers found 3 cracks.');
    writeFileSync(join(dir, 'v2.txt'), 'Dam inspection ordered\n\nEngineers found 4 cracks.');
    for (const file of ['v1.txt', 'v2.txt']) expect((await redline('upload', join(dir, file), '--story', 'region/dam', '--editor', 'Ana Ruiz', ...target())).code).toBe(0);
    // Act
    const worker = await redline('worker', '--queue-url', queueUrl, '--drain', ...target());
    const history = await redline('history', 'region/dam', '--json', ...target());
    const verify = await redline('verify', 'region/dam', '--json', ...target());
    // Assess
    expect(worker.code, worker.stderr).toBe(0);
    expect(worker.stdout).toMatch(/worker: \d+ messages in \d+ batches, 0 failed/);
    const records = JSON.parse(history.stdout) as { version: number; status: string; editor: string; source: { bucket: string; key: string; versionId: string }; sha256: string; chainHash: string; change: { stealth: boolean } }[];
    expect(records.map((r) => [r.version, r.status, r.editor])).toEqual([[1, 'recorded', 'Ana Ruiz'], [2, 'recorded', 'Ana Ruiz']]);
    expect(records[1]?.source).toMatchObject({ bucket: 'desk', key: 'stories/region/dam.txt' });
    expect(records[1]?.change.stealth).toBe(true);
    expect(JSON.parse(verify.stdout)).toMatchObject({ storyId: 'region/dam', ok: true, versions: 2, headChainHash: records[1]?.chainHash });
  });

  it('replays a saved event with `redline ingest-event`, recording it once', async () => {
    // Prepare: a support case — an event saved to a file, for an object already in the bucket
    await clients.s3.send(new PutObjectCommand({ Bucket: 'desk', Key: 'stories/region/ferry.md', Body: Buffer.from('# Ferry delayed\n\nThe 9:00 ferry left at 9:40.') }));
    const event = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: 'desk' }, object: { key: 'stories/region/ferry.md' } } }] };
    writeFileSync(join(dir, 'event.json'), JSON.stringify(event));
    // Act
    const first = await redline('ingest-event', join(dir, 'event.json'), ...target());
    const replay = await redline('ingest-event', join(dir, 'event.json'), ...target());
    // Assess
    expect(JSON.parse(first.stdout)).toEqual([{ outcome: 'recorded', storyId: 'region/ferry', version: 1, status: 'recorded' }]);
    expect(JSON.parse(replay.stdout)).toEqual([expect.objectContaining({ outcome: 'duplicate', storyId: 'region/ferry' })]);
  });

  it('backfills every object version the ledger misses, in order, and a second run records nothing', async () => {
    // Prepare: three versions written straight to S3 (their notifications are drained unprocessed)
    for (const deaths of [2, 5, 4]) {
      await clients.s3.send(new PutObjectCommand({ Bucket: 'desk', Key: 'stories/region/landslide.txt', Body: Buffer.from(`Landslide\n\n${deaths} people died.`) }));
    }
    // Act
    const first = await redline('backfill', '--json', ...target());
    const second = await redline('backfill', '--json', ...target());
    const history = await redline('history', 'region/landslide', '--json', ...target());
    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ recorded: 3 });
    expect(JSON.parse(second.stdout)).toMatchObject({ recorded: 0 });
    const headlines = (JSON.parse(history.stdout) as { change: { numbers: { before: string | null; after: string | null }[] } }[]).map((r) => r.change.numbers.map((n) => `${n.before}→${n.after}`));
    expect(headlines).toEqual([[], ['2→5'], ['5→4']]);
  });

  it('refuses `backfill --distributed` without a deployed stack, and its options without --distributed, with exit code 2', async () => {
    // Act
    const noStack = await redline('backfill', '--distributed', ...target());
    const stray = await redline('backfill', '--inventory', 's3://inventory/manifest.json', ...target());
    // Assess
    expect([noStack.code, noStack.stderr.trim()]).toEqual([2, 'redline: --distributed runs the state machine of a deployed Redline: name it with --stack NAME']);
    expect([stray.code, stray.stderr.trim()]).toEqual([2, 'redline: --inventory and --no-wait go with --distributed']);
  });
});
